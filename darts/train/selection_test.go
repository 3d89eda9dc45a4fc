package train

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
)

// TestRandomGenotype: samples are valid genotypes, each node's two inputs differ, "none" never
// appears, and inputs and ops are uniform (χ²-style bounds over many samples).
func TestRandomGenotype(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	opCount := map[string]int{}
	fromCount := map[int]int{} // inputs of node 3 (states 0..4)
	const samples = 2000
	for range samples {
		g := RandomGenotype(rng, 4)
		if err := g.Validate(); err != nil {
			t.Fatalf("invalid sample %s: %v", g, err)
		}
		for i := 0; i < len(g.Normal); i += 2 {
			if g.Normal[i].From == g.Normal[i+1].From {
				t.Fatalf("node %d takes state %d twice: %s", i/2, g.Normal[i].From, g)
			}
		}
		for _, e := range g.Normal {
			opCount[e.Op]++
		}
		fromCount[g.Normal[6].From]++
		fromCount[g.Normal[7].From]++
	}
	if _, ok := opCount["none"]; ok || len(opCount) != 7 {
		t.Errorf("ops drawn: %v, want the 7 primitives other than none", opCount)
	}
	for op, n := range opCount {
		want := samples * 8 / 7.0
		if math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
			t.Errorf("op %s drawn %d times, want about %.0f", op, n, want)
		}
	}
	for from := range 5 {
		want := samples * 2 / 5.0
		if n := fromCount[from]; math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
			t.Errorf("node 3 took state %d %d times, want about %.0f", from, n, want)
		}
	}
}

// TestSelectResumes: a selection interrupted in each candidate and resumed gives the same results
// as one run straight through.
func TestSelectResumes(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := tinyConfig(t)
	cfg.Epochs = 1
	rng := rand.New(rand.NewPCG(3, 4))
	cands := []Candidate{{Name: "a", Genotype: RandomGenotype(rng, 4)}, {Name: "b", Genotype: RandomGenotype(rng, 4)}}
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
