package train

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/data/dataset"
)

// fakeSearch writes a search's run folder by hand: len(lambdas) epochs whose normal cell has a
// skip connection winning on edges 0..i after epoch i (sep_conv_3x3 on the others), the given
// eigenvalues (NaN: not measured that epoch) and g as genotype.json.
func fakeSearch(t *testing.T, lambdas []float64, g genotype.Genotype) string {
	t.Helper()
	d, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteJSON(run.ConfigFile, search.QuickCollapseRunConfig()); err != nil {
		t.Fatal(err)
	}
	for i, l := range lambdas {
		cell := make([][]float64, 14)
		for j := range cell {
			row := make([]float64, len(ops.Primitives))
			for k := range row {
				row[k] = 0.05
			}
			if j <= i {
				row[3], row[4] = 0.5-0.001*float64(j), 0.2 // skip_connect
			} else {
				row[4] = 0.3 - 0.001*float64(j) // sep_conv_3x3
			}
			cell[j] = row
		}
		e := search.EpochRecord{Epoch: i, Steps: 10}
		if !math.IsNaN(l) {
			e.HessianEigenvalue = &l
		}
		if err := d.Append(run.MetricsFile, e); err != nil {
			t.Fatal(err)
		}
		if err := d.Append(run.AlphasFile, search.AlphaRecord{Epoch: i, Primitives: ops.Primitives, Normal: cell, Reduce: cell}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.WriteJSON(run.GenotypeFile, g); err != nil {
		t.Fatal(err)
	}
	return d.Path
}

// TestMethodCells: DARTS gives its run's genotype.json; DARTS-ES replays the rule (k=2, T=0.75
// stops at epoch 5 on 1,1,1,1,2 and returns epoch 3's cell, 3 skip connections by construction),
// its eigenvalues counted only up to the stop; a rule that never fires gives DARTS's cell; a
// search without eigenvalues has none.
func TestMethodCells(t *testing.T) {
	v2, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := genotype.Lookup("DARTS_V1")
	nan := math.NaN()
	dartsDir := fakeSearch(t, []float64{1, 1, 1, 1, 2, 3, 3, 3}, v2)
	pcDir := fakeSearch(t, []float64{nan, nan, nan, nan}, v1)
	cells, err := MethodCells(dartsDir, pcDir, search.EarlyStopRule{Window: 2, Threshold: 0.75})
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 3 || cells[0].Method != "DARTS" || cells[1].Method != "DARTS-ES" || cells[2].Method != "PC-DARTS" {
		t.Fatalf("cells %+v", cells)
	}
	d, es, pc := cells[0], cells[1], cells[2]
	if !d.Genotype.Equal(v2) || d.Epoch != 8 || d.Ran != 8 || d.NormalSkips != 2 || d.EigenFirst != 1 || d.EigenLast != 3 {
		t.Errorf("DARTS: %+v, want DARTS_V2 (2 skips) from epoch 8 of 8, λ 1 → 3", d)
	}
	if es.Epoch != 3 || es.Ran != 5 || es.NormalSkips != 3 || es.EigenFirst != 1 || es.EigenLast != 2 || !strings.Contains(es.Note, "stopped after epoch 5") {
		t.Errorf("DARTS-ES: epoch %d of %d, %d skips, λ %v → %v (%s); want epoch 3 of 5, 3 skips, λ 1 → 2",
			es.Epoch, es.Ran, es.NormalSkips, es.EigenFirst, es.EigenLast, es.Note)
	}
	h, _ := search.LoadHistory(dartsDir)
	if g, _ := h.GenotypeAt(3); !es.Genotype.Equal(g) {
		t.Errorf("DARTS-ES cell %s, want epoch 3's %s", es.Genotype, g)
	}
	if !pc.Genotype.Equal(v1) || pc.Epoch != 4 || !math.IsNaN(pc.EigenFirst) || !math.IsNaN(pc.EigenLast) {
		t.Errorf("PC-DARTS: %+v, want DARTS_V1 from epoch 4, no eigenvalue", pc)
	}
	never, err := MethodCells(dartsDir, pcDir, search.EarlyStopRule{Window: 2, Threshold: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	if es := never[1]; !es.Genotype.Equal(v2) || es.Ran != 8 || !strings.Contains(es.Note, "never stopped") {
		t.Errorf("DARTS-ES that never fires: %+v, want DARTS's cell", es)
	}
	table := MethodTable([]MethodResult{{MethodCell: es, ValAcc: 0.25}, {MethodCell: pc, ValAcc: 0.125}})
	for _, want := range []string{"DARTS-ES", "epoch 3", "5 epochs", "3/8", "1 → 2", "25.0%", "- → -", "12.5%"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

// TestCompareMethods: cells with the same genotype train once and share the result; the
// accuracies are the trainings' final epochs.
func TestCompareMethods(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := tinyConfig(t)
	cfg.Epochs = 1
	trainSet, val := randomImages(t, "train", 24, 1), randomImages(t, "val", 8, 2)
	newData := func() (Data, error) { return ImagesData(trainSet, val, cfg.BatchSize, 9, dataset.CIFAREval) }
	d, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	v2 := darts2(t)
	other := genotype.RandomCNN(rand.New(rand.NewPCG(1, 1)), 4)
	cells := []MethodCell{{Method: "DARTS", Genotype: v2}, {Method: "DARTS-ES", Genotype: v2}, {Method: "PC-DARTS", Genotype: other}}
	rs, err := CompareMethods(b, cfg, cells, newData, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines int
	if err := run.ReadLines(d.File(SelectionFile), func([]byte) error { lines++; return nil }); err != nil || lines != 2 {
		t.Fatalf("%d trainings (%v), want 2: the shared cell once", lines, err)
	}
	if rs[0].Dir != rs[1].Dir || rs[0].ValAcc != rs[1].ValAcc || rs[2].Dir == rs[0].Dir {
		t.Errorf("results %+v: want DARTS and DARTS-ES to share one training", rs)
	}
	accs, err := FinalAccuracies(rs[0].Dir, rs[2].Dir)
	if err != nil {
		t.Fatal(err)
	}
	if accs[0] != rs[0].ValAcc || accs[1] != rs[2].ValAcc || rs[2].Budget != BudgetOf(cfg) {
		t.Errorf("accuracies %v, want the trainings' final %v", []float64{rs[0].ValAcc, rs[2].ValAcc}, accs)
	}
}
