package search

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/ops"
)

func TestMeanOpWeightsAndShare(t *testing.T) {
	prims := []string{"none", "skip_connect", "sep_conv_3x3"}
	w := [][]float64{{0.2, 0.5, 0.3}, {0.0, 0.1, 0.9}}
	mean := MeanOpWeights(w)
	for i, want := range []float64{0.1, 0.3, 0.6} {
		if math.Abs(mean[i]-want) > 1e-12 {
			t.Errorf("mean[%d] = %v, want %v", i, mean[i], want)
		}
	}
	if s := OpShare(w, prims, "skip_connect"); math.Abs(s-0.3) > 1e-12 {
		t.Errorf("skip share %v, want 0.3", s)
	}
	if s := OpShare(w, prims, ParameterFreeOps...); math.Abs(s-0.4) > 1e-12 {
		t.Errorf("parameter-free share %v, want 0.4", s)
	}
	// A uniform α gives each op 1/len(primitives): 4 of the 8 search ops are parameter-free.
	uniform := [][]float64{make([]float64, 8)}
	for i := range uniform[0] {
		uniform[0][i] = 1.0 / 8
	}
	if s := OpShare(uniform, ops.Primitives, ParameterFreeOps...); s != 0.5 {
		t.Errorf("uniform parameter-free share %v, want 0.5", s)
	}
	if MeanOpWeights(nil) != nil {
		t.Error("mean of no edges should be nil")
	}
}

func TestCountOps(t *testing.T) {
	edges := []genotype.Edge{{Op: "skip_connect", From: 0}, {Op: "sep_conv_3x3", From: 1}, {Op: "max_pool_3x3", From: 0}}
	if n := CountOps(edges, "skip_connect"); n != 1 {
		t.Errorf("skip count %d", n)
	}
	if n := CountOps(edges, ParameterFreeOps...); n != 2 {
		t.Errorf("parameter-free count %d, want 2", n)
	}
}
