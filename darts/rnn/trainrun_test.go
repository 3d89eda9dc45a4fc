package rnn

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/text"
)

// TestTrainResumeIsExactAndSwitchesToASGD trains a derived cell on a small corpus with the ASGD
// switch after one non-improving epoch, interrupts it mid-epoch, resumes, and compares every
// variable (weights, averages, RNG) with an uninterrupted run.
func TestTrainResumeIsExactAndSwitchesToASGD(t *testing.T) {
	b := testbackend.CPU(t)
	corpus := &text.Corpus{Train: tinyCorpus(20, 600, 1), Valid: tinyCorpus(20, 200, 2), Test: tinyCorpus(20, 200, 3)}
	cfg := QuickTrainConfig(dartsCell(t), 20)
	cfg.Net.Hidden, cfg.Epochs, cfg.BatchSize, cfg.BPTT, cfg.StepsPerEpoch, cfg.EvalBatchSize, cfg.EvalWindows = 8, 4, 4, 6, 4, 2, 3
	cfg.Opt.NonMono = 0 // switch as soon as an epoch is worse than the best so far
	newDir := func() *run.Dir {
		d, err := run.Create(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var recs []TrainRecord
	full, err := Train(b, cfg, corpus, newDir(), TrainOptions{OnEpoch: func(r TrainRecord) { recs = append(recs, r) }})
	if err != nil {
		t.Fatal(err)
	}
	// NonMono 0: ASGD starts after the first epoch whose validation loss is worse than an earlier one.
	switched := -1
	for i, r := range recs {
		if r.ASGD && switched < 0 {
			switched = i
		}
	}
	if switched < 0 || recs[switched-1].ValPPL <= slicesMin(recs[:switched-1]) {
		t.Errorf("ASGD switch at epoch %d; records %+v", switched, recs)
	}
	// The test text is evaluated at a new best validation loss only: the other epochs report the
	// best epoch's test perplexity.
	best, notBest := -1, 0
	for i, r := range recs {
		if !r.Best {
			notBest++
		}
		switch {
		case r.Best != (best < 0 || r.ValPPL < recs[best].ValPPL):
			t.Errorf("epoch %d: best %v, validation %v; the best before %d", i, r.Best, r.ValPPL, best)
		case r.Best:
			best = i
		case r.TestPPL != recs[best].TestPPL:
			t.Errorf("epoch %d: test perplexity %v, want the best epoch's (%d) %v", i, r.TestPPL, best, recs[best].TestPPL)
		}
	}
	if notBest == 0 {
		t.Errorf("want an epoch that is not the best; records %+v", recs)
	}
	// At TestBatchSize (the reference's 1), not EvalBatchSize: one epoch, always a new best.
	one := cfg
	one.Epochs = 1
	var first []TrainRecord
	tr, err := Train(b, one, corpus, newDir(), TrainOptions{OnEpoch: func(r TrainRecord) { first = append(first, r) }})
	if err != nil {
		t.Fatal(err)
	}
	for batch, want := range map[int]bool{1: true, cfg.EvalBatchSize: false} {
		loss, err := evaluateStream(tr, one.withEvalBatch(batch), corpus.Test, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := math.Exp(loss) == first[0].TestPPL; got != want {
			t.Errorf("test perplexity %v; at batch %d %v", first[0].TestPPL, batch, math.Exp(loss))
		}
	}
	d := newDir()
	if _, err := Train(b, cfg, corpus, d, TrainOptions{stopAfterSteps: 6}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted: %v", err)
	}
	resumed, err := Train(b, cfg, corpus, d, TrainOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	for v := range full.Ctx.IterVariables() {
		w := resumed.Ctx.GetVariableByScopeAndName(v.Scope(), v.Name())
		if w == nil || fmt.Sprint(v.MustValue().Value()) != fmt.Sprint(w.MustValue().Value()) {
			t.Errorf("%s differs after resuming", v.ScopeAndName())
		}
	}
	// metrics.jsonl numbers the epochs from 1 (config.json's epoch_base), ReadTrain from 0.
	read, err := ReadTrain(d.Path)
	raw, err2 := readJSONL[struct{ Epoch int }](d.Path, run.MetricsFile)
	if err != nil || err2 != nil || len(read) != cfg.Epochs || len(raw) != cfg.Epochs {
		t.Fatalf("ReadTrain: %d records (%v), %d lines (%v), want %d", len(read), err, len(raw), err2, cfg.Epochs)
	}
	for i := range raw {
		if raw[i].Epoch != i+1 || read[i].Epoch != i {
			t.Errorf("line %d: epoch %d in metrics.jsonl, %d read back; want %d and %d", i+1, raw[i].Epoch, read[i].Epoch, i+1, i)
		}
	}
}

func slicesMin(recs []TrainRecord) float64 {
	m := 1e300
	for _, r := range recs {
		m = min(m, r.ValPPL)
	}
	return m
}

// TestTrainEpochIsOnePass: with StepsPerEpoch 0 an epoch is one pass over the training stream in
// windows of random length, as the reference's train(): its step count is the pass's windows.
func TestTrainEpochIsOnePass(t *testing.T) {
	corpus := &text.Corpus{Train: tinyCorpus(20, 600, 1), Valid: tinyCorpus(20, 100, 2), Test: tinyCorpus(20, 100, 3)}
	cfg := QuickTrainConfig(dartsCell(t), 20)
	cfg.Net.Hidden, cfg.Epochs, cfg.BatchSize, cfg.BPTT, cfg.StepsPerEpoch, cfg.EvalBatchSize, cfg.EvalWindows = 4, 2, 4, 6, 0, 2, 1
	d, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := testbackend.CPU(t)
	var recs []TrainRecord
	full, err := Train(b, cfg, corpus, d, TrainOptions{OnEpoch: func(r TrainRecord) { recs = append(recs, r) }})
	if err != nil {
		t.Fatal(err)
	}
	// Interrupted mid-pass and resumed: the same weights, bit for bit.
	d2, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Train(b, cfg, corpus, d2, TrainOptions{stopAfterSteps: 7}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted: %v", err)
	}
	resumed, err := Train(b, cfg, corpus, d2, TrainOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	for v := range full.Ctx.IterVariables() {
		w := resumed.Ctx.GetVariableByScopeAndName(v.Scope(), v.Name())
		if w == nil || fmt.Sprint(v.MustValue().Value()) != fmt.Sprint(w.MustValue().Value()) {
			t.Errorf("%s differs after resuming", v.ScopeAndName())
		}
	}
	stream, _ := text.Batchify(corpus.Train, cfg.BatchSize)
	it, _ := text.NewBPTT(stream, text.BPTTConfig{BPTT: cfg.BPTT, Mode: text.ModeTrain, Seed: uint64(cfg.Seed)})
	for e, r := range recs {
		n := 0
		for _, ok := it.Next(); ok; _, ok = it.Next() {
			n++
		}
		if r.Steps != n {
			t.Errorf("epoch %d: %d steps, the pass has %d windows (%d rows of %d)", e, r.Steps, n, stream.Steps, cfg.BPTT)
		}
	}
}
