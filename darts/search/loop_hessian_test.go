package search

import (
	"math"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestSearchEigenvalueFixedBatchesAndStep: a search measuring λ_max with HessianEps and two
// HessianBatches records, after its last epoch, exactly what AlphaGradient.MaxEigenvalue gives
// at the searcher's final weights and α on the first two validation batches in file order with
// that step: the measurement is a deterministic function of the weights and α (the same images
// and starting vector every time), and the step reaches it. Another step gives another value
// (the products are finite differences), and a negative step is refused.
func TestSearchEigenvalueFixedBatchesAndStep(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := tinyRunConfig(1)
	cfg.Epochs, cfg.StepsPerEpoch = 1, 2
	cfg.HessianEvery, cfg.HessianIters, cfg.HessianBatches, cfg.HessianEps = 1, 4, 2, 1e-2
	data := tinyData(t, 64)
	dir, _ := run.Create(t.TempDir() + "/h")
	s, err := Run(b, cfg, data, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(dir.Path)
	if err != nil {
		t.Fatal(err)
	}
	last := h.Epochs[len(h.Epochs)-1]
	if last.HessianEigenvalue == nil {
		t.Fatal("no eigenvalue recorded")
	}
	eval, err := dataset.NewBatcher(data.Val, dataset.Config{BatchSize: cfg.BatchSize})
	if err != nil {
		t.Fatal(err)
	}
	var batches [][2]*tensors.Tensor
	for range 2 {
		bt := eval.NewBatch()
		eval.Next(bt)
		batches = append(batches, [2]*tensors.Tensor{batchTensors(bt), batchLabels(bt)})
	}
	a, err := s.NewAlphaGradient(batches)
	if err != nil {
		t.Fatal(err)
	}
	measure := func(eps float64) float64 {
		e, err := a.MaxEigenvalue(HessianOptions{Iters: cfg.HessianIters, Eps: eps, Seed: uint64(cfg.Seed)})
		if err != nil {
			t.Fatal(err)
		}
		return e.Value
	}
	got, again, other := measure(1e-2), measure(1e-2), measure(1e-3)
	t.Logf("recorded λ %.6f; again at ε 1e-2: %.6f, %.6f; at ε 1e-3: %.6f", *last.HessianEigenvalue, got, again, other)
	if got != *last.HessianEigenvalue || again != got {
		t.Errorf("λ at the final weights on the first two validation batches, ε 1e-2: %v then %v; the search recorded %v",
			got, again, *last.HessianEigenvalue)
	}
	if other == got || math.IsNaN(other) {
		t.Errorf("ε 1e-3 gave %v, the same as ε 1e-2: the step does not reach the products", other)
	}
	cfg.HessianEps = -1e-2
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "HessianEps=-0.01") {
		t.Errorf("HessianEps -0.01: %v", err)
	}
}
