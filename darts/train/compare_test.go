package train

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/dataset"
)

// TestCompareRandom: the searched cell and n random cells (RandomCandidates' draws) each train
// once, their accuracies are the final epochs' of their own folders, and a folder holding another
// comparison is refused instead of mixed in.
func TestCompareRandom(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := tinyConfig(t)
	cfg.Epochs = 1
	train, test := randomImages(t, "train", 24, 1), randomImages(t, "test", 8, 2)
	newData := func() (Data, error) { return ImagesData(train, test, cfg.BatchSize, 9, dataset.CIFAREval) }
	d, err := run.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	g := darts2(t)
	if _, err := CompareRandom(b, cfg, g, 1, 5, newData, d, Options{}); err == nil || !strings.Contains(err.Error(), "at least 2") {
		t.Fatalf("one random cell: %v", err)
	}
	c, err := CompareRandom(b, cfg, g, 2, 5, newData, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := RandomCandidates(rand.New(rand.NewPCG(5, 0xc0)), 2)
	if len(c.Random) != 2 || len(c.Dirs) != 3 || !c.RandomGenotypes[0].Equal(want[0].Genotype) || !c.RandomGenotypes[1].Equal(want[1].Genotype) {
		t.Fatalf("comparison %+v, want random cells %v", c, want)
	}
	accs, err := FinalAccuracies(c.Dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if accs[0] != c.Searched || accs[1] != c.Random[0] || accs[2] != c.Random[1] {
		t.Errorf("accuracies %v, want the folders' final epochs %v", []float64{c.Searched, c.Random[0], c.Random[1]}, accs)
	}
	cfgs, err := ReadMetrics(c.Dirs[0])
	if err != nil || len(cfgs) != 1 {
		t.Fatalf("searched cell's metrics: %v, %v", cfgs, err)
	}
	if _, err := CompareRandom(b, cfg, g, 2, 6, newData, d, Options{}); err == nil || !strings.Contains(err.Error(), "a different comparison") {
		t.Errorf("another seed in the same folder: %v", err)
	}
}

// TestComparisonString: mean ± sample std of the random cells, and how many of their std the
// searched cell stands above or below their mean.
func TestComparisonString(t *testing.T) {
	c := Comparison{Searched: 0.75, Random: []float64{0.70, 0.72, 0.68}}
	mean, std := c.RandomMeanStd()
	if math.Abs(mean-0.70) > 1e-12 || math.Abs(std-0.02) > 1e-12 {
		t.Fatalf("mean ± std %v ± %v, want 0.70 ± 0.02", mean, std)
	}
	if got, want := c.String(), "test accuracy: searched cell 75.0%, random cells 70.0 ± 2.0% (mean ± std of 3; searched cell 2.5 std above their mean)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	c.Searched = 0.69
	if got := c.String(); !strings.HasSuffix(got, "searched cell 0.5 std below their mean)") {
		t.Errorf("below: %s", got)
	}
}
