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
	x, y := randomBatch(rng, 8)
	xv, yv := randomBatch(rng, 8)
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
		return runSteps(t, s, 2, x, y, xv, yv), alphaValues(t, s)
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

// TestArenaMatchesPooledBuffers: the CPU backend's static memory plan (one arena reused, dirty,
// by every run) must not change a search by a bit: three steps on it and on the backend without
// the plan give the same losses and α.
func TestArenaMatchesPooledBuffers(t *testing.T) {
	cfg := tinyRunConfig(2)
	rng := rand.New(rand.NewPCG(3, 4))
	pixels := make([]float32, 2*4*8*8*3)
	for i := range pixels {
		pixels[i] = float32(rng.NormFloat64())
	}
	run := func(config string) ([]StepResult, [2][]float32) {
		// Fresh tensors per backend: a tensor used on a backend lives there once it is gone.
		half := len(pixels) / 2
		x := tensors.FromFlatDataAndDimensions(slices.Clone(pixels[:half]), 4, 8, 8, 3)
		xv := tensors.FromFlatDataAndDimensions(slices.Clone(pixels[half:]), 4, 8, 8, 3)
		y, yv := tensors.FromFlatDataAndDimensions([]int32{2, 0, 9, 4}, 4), tensors.FromFlatDataAndDimensions([]int32{1, 1, 5, 3}, 4)
		b, err := backend.NewCPU(config)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Finalize()
		s, err := NewSearcher(b, cfg.Net, cfg.Architect(), 11)
		if err != nil {
			t.Fatal(err)
		}
		return runSteps(t, s, 3, x, y, xv, yv), alphaValues(t, s)
	}
	planned, plannedAlphas := run("")
	pooled, pooledAlphas := run("no-arena")
	if !slices.Equal(planned, pooled) {
		t.Errorf("second-order steps with the arena %+v, without %+v", planned, pooled)
	}
	for i := range plannedAlphas {
		if !slices.Equal(plannedAlphas[i], pooledAlphas[i]) {
			t.Errorf("α[%d] differs with and without the arena", i)
		}
	}
}

// randomBatch is 4 images of size×size×3 from N(0,1) with the labels 1, 7, 3, 3.
func randomBatch(rng *rand.Rand, size int) (*tensors.Tensor, *tensors.Tensor) {
	pix := make([]float32, 4*size*size*3)
	for i := range pix {
		pix[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(pix, 4, size, size, 3), tensors.FromFlatDataAndDimensions([]int32{1, 7, 3, 3}, 4)
}

// runSteps runs n search steps at learning rate 0.025 on the same batches.
func runSteps(t *testing.T, s *Searcher, n int, x, y, xv, yv *tensors.Tensor) []StepResult {
	t.Helper()
	var rs []StepResult
	for range n {
		r, err := s.Step(x, y, xv, yv, 0.025)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}
