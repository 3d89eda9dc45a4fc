package search

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestCompileKeepsState: compiling the step ahead (to time it apart) and initialising the variables
// on the host (as on XLA) must leave the search exactly where a plain searcher is: the same losses
// and α after two steps, bit for bit.
func TestCompileAndHostInitKeepState(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	cfg := tinyRunConfig(1)
	rng := rand.New(rand.NewPCG(1, 2))
	batch := func() (*tensors.Tensor, *tensors.Tensor) {
		pix := make([]float32, 4*8*8*3)
		for i := range pix {
			pix[i] = float32(rng.NormFloat64())
		}
		return tensors.FromFlatDataAndDimensions(pix, 4, 8, 8, 3), tensors.FromFlatDataAndDimensions([]int32{1, 7, 3, 3}, 4)
	}
	x, y := batch()
	xv, yv := batch()
	run := func(compileFirst bool, hostInit ...bool) ([]StepResult, [2][]float32) {
		s, err := NewSearcher(b, cfg.Net, cfg.Architect(), 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(hostInit) > 0 {
			if err := s.initializeOnHost(x, y); err != nil {
				t.Fatal(err)
			}
		}
		if compileFirst {
			if err := s.Compile(x, y, xv, yv, 0.025); err != nil {
				t.Fatal(err)
			}
		}
		var rs []StepResult
		for range 2 {
			r, err := s.Step(x, y, xv, yv, 0.025)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs, alphaValues(t, s)
	}
	plainSteps, plainAlphas := run(false)
	for _, tc := range []struct {
		name                string
		compile, onHostInit bool
	}{{"Compile", true, false}, {"initializeOnHost", false, true}, {"both", true, true}} {
		var steps []StepResult
		var alphas [2][]float32
		if tc.onHostInit {
			steps, alphas = run(tc.compile, true)
		} else {
			steps, alphas = run(tc.compile)
		}
		if !slices.Equal(plainSteps, steps) {
			t.Errorf("%s: steps %+v, plain run %+v", tc.name, steps, plainSteps)
		}
		for i := range alphas {
			if !slices.Equal(alphas[i], plainAlphas[i]) {
				t.Errorf("%s: α[%d] differs from the plain run", tc.name, i)
			}
		}
	}
}
