package train

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
)

// TestSelectResumes: a selection interrupted in each candidate and resumed gives the same results
// as one run straight through.
func TestSelectResumes(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := tinyConfig(t)
	cfg.Epochs = 1
	rng := rand.New(rand.NewPCG(3, 4))
	cands := []Candidate{{Name: "a", Genotype: genotype.RandomCNN(rng, 4)}, {Name: "b", Genotype: genotype.RandomCNN(rng, 4)}}
	train, val := randomImages(t, "train", 24, 1), randomImages(t, "val", 8, 2)
	newData := func() (Data, error) { return ImagesData(train, val, cfg.BatchSize, 9, dataset.CIFAREval) }
	dir := func() *run.Dir {
		d, err := run.Create(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	straight, best, err := Select(b, cfg, cands, newData, dir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// stopAfterSteps counts the steps of each Run call (a candidate trains 3): the first call stops
	// in candidate 0; the second finishes it (1 step left) and stops in candidate 1; the third
	// reads candidate 0 back from the results file and finishes candidate 1.
	d := dir()
	for call := range 2 {
		if _, _, err := Select(b, cfg, cands, newData, d, Options{stopAfterSteps: 2}); !errors.Is(err, ErrInterrupted) {
			t.Fatalf("interrupted selection %d: %v", call, err)
		}
	}
	resumed, best2, err := Select(b, cfg, cands, newData, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if best != best2 || len(resumed) != 2 {
		t.Fatalf("best %d vs %d, %d results", best, best2, len(resumed))
	}
	for i := range straight {
		s, r := straight[i], resumed[i]
		if s.ValAcc != r.ValAcc || s.ValLoss != r.ValLoss || !s.Genotype.Equal(r.Genotype) {
			t.Errorf("candidate %d: straight %+v, resumed %+v", i, s, r)
		}
	}
}
