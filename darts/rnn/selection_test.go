package rnn

import (
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/text"
)

// TestRandomGenotypeAndSelect: random cells are valid and use every activation but none; a
// selection over two of them trains both and picks the lower validation perplexity.
func TestRandomGenotypeAndSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	seen := map[string]int{}
	for range 500 {
		g := RandomGenotype(rng, 8)
		if err := g.Validate(); err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		for i, e := range g.Edges {
			if e.From > i {
				t.Fatalf("node %d takes later state %d", i, e.From)
			}
			seen[e.Op]++
		}
	}
	if len(seen) != 4 || seen["none"] != 0 {
		t.Errorf("activations drawn: %v", seen)
	}
	corpus := &text.Corpus{Train: tinyCorpus(20, 600, 1), Valid: tinyCorpus(20, 200, 2), Test: tinyCorpus(20, 200, 3)}
	cfg := QuickTrainConfig(genotype.Recurrent{}, 20)
	cfg.Net.Hidden, cfg.Epochs, cfg.BatchSize, cfg.BPTT, cfg.StepsPerEpoch, cfg.EvalBatchSize, cfg.EvalWindows = 8, 1, 4, 6, 3, 2, 3
	dir, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cells := []genotype.Recurrent{RandomGenotype(rng, 8), RandomGenotype(rng, 8)}
	results, best, err := Select(testbackend.CPU(t), cfg, cells, []string{"a", "b"}, corpus, dir, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 || results[best].ValPPL > results[1-best].ValPPL {
		t.Errorf("results %+v, best %d", results, best)
	}
	again, best2, err := Select(testbackend.CPU(t), cfg, cells, []string{"a", "b"}, corpus, dir, TrainOptions{})
	if err != nil || best2 != best || again[0] != results[0] {
		t.Errorf("rerun: %+v %d %v", again, best2, err)
	}
}
