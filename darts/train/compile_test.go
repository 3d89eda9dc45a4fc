package train

import (
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestCompileKeepsState: compiling the step ahead (as bench-train does) leaves the weights,
// batch-norm statistics, momentum and drop-path RNG as they were: the steps that follow give
// bitwise the losses of a trainer that never pre-compiled. (GoMLX's PreCompile alone donates and
// resets the variables the step updates.)
func TestCompileKeepsState(t *testing.T) {
	b := testbackend.CPU(t)
	rng := rand.New(rand.NewPCG(3, 4))
	pix := make([]float32, 2*32*32*3)
	for i := range pix {
		pix[i] = float32(rng.NormFloat64())
	}
	x, y := tensors.FromFlatDataAndDimensions(pix, 2, 32, 32, 3), tensors.FromFlatDataAndDimensions([]int32{3, 7}, 2)
	losses := func(compile bool) []float64 {
		tr, err := NewTrainer(b, tinyConfig(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := tr.Evaluate(x, y); err != nil {
			t.Fatal(err)
		}
		if compile {
			if err := tr.Compile(x, y); err != nil {
				t.Fatal(err)
			}
		}
		var out []float64
		for range 3 {
			r, err := tr.Step(x, y, 0.1, 0.3)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r.Loss)
		}
		return out
	}
	want, got := losses(false), losses(true)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d after Compile: loss %.9g, want %.9g (as without Compile)", i, got[i], want[i])
		}
	}
}
