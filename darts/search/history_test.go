package search

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/run"
)

// TestLoadHistory runs a tiny two-epoch search and reads its run directory back.
func TestLoadHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search")
	}
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := run.Create(filepath.Join(t.TempDir(), "run"))
	if _, err := LoadHistory(dir.Path); err == nil {
		t.Error("empty run directory loaded")
	}
	cfg := tinyRunConfig(1)
	if _, err := Run(b, cfg, tinyData(t, 64), dir, Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(dir.Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != cfg.Epochs || len(h.Alphas) != cfg.Epochs || h.Config.Net.C != cfg.Net.C ||
		len(h.Genotype.Normal) != 8 || h.Genotype.String() != h.Epochs[len(h.Epochs)-1].Genotype {
		t.Fatalf("history %+v", h)
	}
	if x := h.EpochAxis(); len(x) != 2 || x[0] != 1 || x[1] != 2 {
		t.Errorf("epoch axis %v", x)
	}
	mean, err := h.OpCurves("normal", -1)
	if err != nil || len(mean) != 8 {
		t.Fatalf("mean curves: %v %v", mean, err)
	}
	for e := range h.Alphas {
		var sum float64
		for op := range mean {
			sum += mean[op][e]
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("epoch %d: mean op weights sum to %v, want 1", e, sum)
		}
	}
	edge, err := h.OpCurves("reduce", 3)
	if err != nil || edge[5][1] != h.Alphas[1].Reduce[3][5] {
		t.Errorf("edge curves: %v, %v", edge, err)
	}
	share, err := h.ShareCurve("normal", ParameterFreeOps...)
	if err != nil || len(share) != 2 || math.Abs(share[1]-(mean[0][1]+mean[1][1]+mean[2][1]+mean[3][1])) > 1e-9 {
		t.Errorf("parameter-free share %v, %v", share, err)
	}
	if sps := h.SecondsPerStep(); !(sps > 0) {
		t.Errorf("seconds per step %v", sps)
	}
	if s := h.Epochs[1].Summary(2); !strings.HasPrefix(s, "epoch 2/2: lr ") || !strings.Contains(s, "eval loss") {
		t.Errorf("summary %q", s)
	}
	if _, err := h.OpCurves("normal", 14); err == nil || !strings.Contains(err.Error(), "14 edges") {
		t.Errorf("edge 14 of 14: %v", err)
	}
	if _, err := h.OpCurves("stem", -1); err == nil {
		t.Error(`cell "stem" accepted`)
	}
}
