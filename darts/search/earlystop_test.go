package search

import (
	"math"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
)

// TestEarlyStopRule checks DARTS-ES on hand-made eigenvalue series: no test before 2k
// measurements, a stop at the first measurement whose window mean exceeds 1/T times the previous
// window's, returning the epoch k measurements earlier, and none on a non-positive mean.
func TestEarlyStopRule(t *testing.T) {
	r := EarlyStopRule{Window: 2, Threshold: 0.75}
	epochs := []int{1, 3, 5, 7, 9, 11, 13} // measured every 2 epochs
	cases := []struct {
		lambdas  []float64
		stop     bool
		at, back int
	}{
		{[]float64{1, 1, 1}, false, 0, 0},                 // fewer than 2k measurements
		{[]float64{1, 1, 1.2, 1.4}, false, 0, 0},          // 1/1.3 = 0.77 ≥ 0.75
		{[]float64{1, 1, 1.3, 1.4}, true, 7, 3},           // 1/1.35 = 0.74: stop at epoch 7, return epoch 3
		{[]float64{1, 1, 1, 1.2, 1.5}, true, 9, 5},        // the last two windows: (1, 1) then (1.2, 1.5)
		{[]float64{-1, -2, -3, -4}, false, 0, 0},          // a negative mean never stops
		{[]float64{-1, -1, 0.5, 0.5}, false, 0, 0},        // nor a negative earlier one
		{[]float64{0.2, 0.1, 0.5, 0.5, 0.5}, true, 9, 5},  // (0.1, 0.5) then (0.5, 0.5): 0.6
		{[]float64{0.2, 0.3, 0.5, 0.5, 0.5}, false, 0, 0}, // (0.3, 0.5) then (0.5, 0.5): 0.8
	}
	for i, c := range cases {
		got, ok := r.Check(epochs[:len(c.lambdas)], c.lambdas)
		if ok != c.stop || (ok && (got.Epoch != c.at || got.ReturnedEpoch != c.back)) {
			t.Errorf("case %d %v: stop %v at %d returning %d, want %v at %d returning %d (%s)",
				i, c.lambdas, ok, got.Epoch, got.ReturnedEpoch, c.stop, c.at, c.back, got.Reason)
		}
		if ok && math.Abs(got.Ratio-(c.lambdas[len(c.lambdas)-4]+c.lambdas[len(c.lambdas)-3])/(c.lambdas[len(c.lambdas)-2]+c.lambdas[len(c.lambdas)-1])) > 1e-12 {
			t.Errorf("case %d: ratio %v", i, got.Ratio)
		}
	}
}

// TestSearchStopsEarly runs a tiny search measuring the eigenvalue every epoch with a threshold
// that stops at the first possible test (window 1, T = 100): the run must stop there, record the
// eigenvalues and skip counts, write early_stop.json, return the previous epoch's α (in the
// searcher and as genotype.json), and refuse to resume.
func TestSearchStopsEarly(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := tinyRunConfig(1)
	cfg.Epochs, cfg.StepsPerEpoch = 5, 2
	cfg.HessianEvery, cfg.HessianIters, cfg.EarlyStopWindow, cfg.EarlyStopThreshold = 1, 10, 1, 100
	dir, _ := run.Create(t.TempDir() + "/es")
	data := tinyData(t, 64)
	s, err := Run(b, cfg, data, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(dir.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h.Epochs {
		t.Logf("epoch %d: λ %v (%d products)", e.Epoch, *e.HessianEigenvalue, e.HessianProducts)
	}
	if h.EarlyStop == nil {
		t.Fatalf("no early stop after %d epochs", len(h.Epochs))
	}
	es := h.EarlyStop
	if es.Epoch != len(h.Epochs)-1 || es.ReturnedEpoch != es.Epoch-1 || es.Window != 1 || es.Threshold != 100 || es.Reason == "" {
		t.Errorf("early_stop.json: %+v after %d epochs, want the stop after the last returning the one before", es, len(h.Epochs))
	}
	// The rule fires at the first measurement it can: the first whose eigenvalue and the one
	// before are both positive (at random weights the largest one can be negative).
	var epochs []int
	var lambdas []float64
	for _, e := range h.Epochs {
		epochs, lambdas = append(epochs, e.Epoch), append(lambdas, *e.HessianEigenvalue)
		if _, ok := cfg.earlyStopRule().Check(epochs, lambdas); ok != (e.Epoch == es.Epoch) {
			t.Errorf("after epoch %d: the rule says stop=%v; the run stopped after epoch %d", e.Epoch, ok, es.Epoch)
		}
	}
	for _, e := range h.Epochs {
		if e.HessianEigenvalue == nil || e.HessianProducts < 1 {
			t.Errorf("epoch %d: eigenvalue %v from %d products", e.Epoch, e.HessianEigenvalue, e.HessianProducts)
		}
		g, err := genotype.Parse(e.Genotype)
		if err != nil {
			t.Fatal(err)
		}
		if want := CountOps(g.Normal, "skip_connect"); e.NormalSkips != want {
			t.Errorf("epoch %d: normal_skips %d, the genotype has %d", e.Epoch, e.NormalSkips, want)
		}
	}
	back := es.ReturnedEpoch
	if h.Genotype.String() != h.Epochs[back].Genotype || es.Genotype != h.Epochs[back].Genotype {
		t.Errorf("genotype.json %s, early_stop.json %s; want epoch %d's %s", h.Genotype, es.Genotype, back, h.Epochs[back].Genotype)
	}
	normal, reduce, err := s.Weights()
	if err != nil {
		t.Fatal(err)
	}
	for k, pair := range [][2][][]float64{{normal, h.Alphas[back].Normal}, {reduce, h.Alphas[back].Reduce}} {
		for i := range pair[0] {
			for j := range pair[0][i] {
				if d := math.Abs(pair[0][i][j] - pair[1][i][j]); d > 1e-6 {
					t.Fatalf("cell %d edge %d op %d: the searcher's weight %v, epoch %d's %v", k, i, j, pair[0][i][j], back, pair[1][i][j])
				}
			}
		}
	}
	if _, err := Run(b, cfg, data, dir, Options{Resume: true}); err == nil || !strings.Contains(err.Error(), "stopped early") {
		t.Errorf("resuming a stopped run: %v", err)
	}
	var raw EarlyStop // as stored: numbered from 1, as metrics.jsonl
	if err := dir.ReadJSON(EarlyStopFile, &raw); err != nil || raw.Epoch != es.Epoch+1 || raw.ReturnedEpoch != es.ReturnedEpoch+1 {
		t.Errorf("early_stop.json stores epochs %d and %d (%v), want %d and %d", raw.Epoch, raw.ReturnedEpoch, err, es.Epoch+1, es.ReturnedEpoch+1)
	}
}
