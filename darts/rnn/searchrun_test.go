package rnn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/text"
)

// tinyCorpus is a random-ish token stream with structure (k is often followed by k+1).
func tinyCorpus(vocab, n int, seed uint64) []int32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	ids := make([]int32, n)
	for i := 1; i < n; i++ {
		if rng.IntN(4) == 0 {
			ids[i] = int32(rng.IntN(vocab))
		} else {
			ids[i] = (ids[i-1] + 1) % int32(vocab)
		}
	}
	return ids
}

func tinySearchConfig(order int) SearchConfig {
	c := QuickSearchConfig(order, 20)
	c.Net.Hidden, c.Net.Steps = 8, 3
	c.Epochs, c.BatchSize, c.BPTT, c.StepsPerEpoch, c.EvalBatchSize, c.EvalWindows = 2, 4, 6, 4, 2, 3
	return c
}

// TestSearchResumeIsExact interrupts a recurrent search mid-epoch and resumes it: the same α,
// weights, optimiser and random state, bit for bit, as an uninterrupted search.
func TestSearchResumeIsExact(t *testing.T) {
	b := testbackend.CPU(t)
	corpus := &text.Corpus{Train: tinyCorpus(20, 400, 1), Valid: tinyCorpus(20, 200, 2)}
	cfg := tinySearchConfig(2)
	dirs := make([]*run.Dir, 2)
	for i := range dirs {
		d, err := run.Create(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		dirs[i] = d
	}
	full, err := Search(b, cfg, corpus, dirs[0], SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Search(b, cfg, corpus, dirs[1], SearchOptions{stopAfterSteps: 6}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted search: %v", err)
	}
	resumed, err := Search(b, cfg, corpus, dirs[1], SearchOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	for v := range full.Ctx.IterVariables() {
		w := resumed.Ctx.GetVariableByScopeAndName(v.Scope(), v.Name())
		if w == nil || fmt.Sprint(v.MustValue().Value()) != fmt.Sprint(w.MustValue().Value()) {
			t.Errorf("%s differs after resuming", v.ScopeAndName())
		}
	}
	// The files number the epochs from 1 (config.json's epoch_base), ReadSearch from 0.
	recs, alphas, err := ReadSearch(dirs[1].Path)
	if err != nil || len(recs) != cfg.Epochs || len(alphas) != cfg.Epochs {
		t.Fatalf("ReadSearch: %d and %d records (%v), want %d", len(recs), len(alphas), err, cfg.Epochs)
	}
	for _, f := range []string{run.MetricsFile, run.AlphasFile} {
		raw, err := readJSONL[struct{ Epoch int }](dirs[1].Path, f)
		if err != nil || len(raw) != cfg.Epochs {
			t.Fatalf("%s: %d lines (%v)", f, len(raw), err)
		}
		for i := range raw {
			if raw[i].Epoch != i+1 || recs[i].Epoch != i || alphas[i].Epoch != i {
				t.Errorf("%s line %d: epoch %d in the file, %d and %d read back; want %d and %d", f, i+1, raw[i].Epoch, recs[i].Epoch, alphas[i].Epoch, i+1, i)
			}
		}
	}
}

// TestQuickPTBSearchLearns: a quick first-order search on the real Penn Treebank (skipped without
// it) lowers the validation perplexity below 80% of the first epoch's.
func TestQuickPTBSearchLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a while")
	}
	path, err := text.FindPTB("")
	if err != nil {
		t.Skip(err)
	}
	corpus, err := text.LoadPTB(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := QuickSearchConfig(1, corpus.Vocab.Len())
	// Lighter than quick mode: a test. Two epochs suffice: the perplexity falls most in the first
	// (2492 → 1615 → 1657 over three, so the third added time, not evidence).
	cfg.Epochs, cfg.Net.Hidden, cfg.BatchSize, cfg.StepsPerEpoch = 2, 32, 16, 30
	dir, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var ppl []float64
	_, err = Search(testbackend.CPU(t), cfg, corpus, dir, SearchOptions{OnEpoch: func(r SearchRecord) {
		t.Logf("epoch %d: train NLL %.3f, validation perplexity %.1f (%.0fs) %s", r.Epoch, r.TrainLoss, r.ValPPL, r.Seconds, r.Genotype)
		ppl = append(ppl, r.ValPPL)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !(ppl[len(ppl)-1] < 0.8*ppl[0]) {
		t.Errorf("validation perplexity %v: want the last below 80%% of the first", ppl)
	}
}

// TestArchWindowFollowsTrainingPosition: the α window starts at the training position modulo
// the validation stream's length minus one (the reference's i % (len − 1)), is always BPTT rows
// long, and is moved back to end at the last row where the reference would cut it.
func TestArchWindowFollowsTrainingPosition(t *testing.T) {
	ids := make([]int32, 50*2)
	for i := range ids {
		ids[i] = int32(i)
	}
	stream, err := text.Batchify(ids, 2) // 50 rows of 2
	if err != nil {
		t.Fatal(err)
	}
	l := &searchLoop{cfg: SearchConfig{BPTT: 10}, archStream: stream}
	for _, c := range []struct{ trainStart, want int }{{0, 0}, {17, 17}, {39, 39}, {45, 39}, {49, 0}, {100, 2}, {137, 39}} {
		w := l.archWindow(c.trainStart)
		if w.Start != c.want || w.SeqLen != 10 || w.Input[0] != int32(c.want) || w.Target[0] != int32(c.want+1) {
			t.Errorf("training row %d: α window at row %d of %d rows (first input %d, target %d), want row %d of 10",
				c.trainStart, w.Start, w.SeqLen, w.Input[0], w.Target[0], c.want)
		}
	}
}
