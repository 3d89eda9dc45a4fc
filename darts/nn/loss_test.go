package nn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// TestCrossEntropySmoothing compares with the formula: −Σ_k t_k log p_k, t = (1−ε)·onehot + ε/K.
func TestCrossEntropySmoothing(t *testing.T) {
	b := testBackend(t)
	logits := [][]float32{{1, 2, 0.5}, {-1, 0, 3}}
	labels := []int32{1, 0}
	for _, eps := range []float64{0, 0.1} {
		got := graph.MustExecOnce(b, func(l, y *graph.Node) *graph.Node { return CrossEntropy(l, y, eps) },
			logits, labels).Value().(float32)
		var want float64
		for i, row := range logits {
			var z float64
			for _, v := range row {
				z += math.Exp(float64(v))
			}
			for k, v := range row {
				tk := eps / 3
				if int32(k) == labels[i] {
					tk += 1 - eps
				}
				want -= tk * (float64(v) - math.Log(z)) / 2
			}
		}
		if math.Abs(float64(got)-want) > 1e-5 {
			t.Errorf("ε=%g: got %g, want %g", eps, got, want)
		}
	}
}

// TestNumCorrect counts rows whose largest logit is at the label (ties go to the first index).
func TestNumCorrect(t *testing.T) {
	logits := [][]float32{{1, 2, 0.5}, {-1, 0, 3}, {4, 4, 0}, {0, 1, 0}}
	labels := []int32{1, 0, 0, 1}
	got := graph.MustExecOnce(testBackend(t), NumCorrect, logits, labels).Value().(float32)
	if got != 3 {
		t.Errorf("NumCorrect = %g, want 3", got)
	}
}
