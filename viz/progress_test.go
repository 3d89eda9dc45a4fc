package viz

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProgressFile: a progress.jsonl becomes one line per search (x = search epoch) and the
// random cells' mean ± sample std as a band over the x range, the budget in the title.
func TestProgressFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.jsonl")
	lines := []string{
		`{"search":"s1","order":1,"epoch":1,"genotype":"g","val_error":80,"budget":"3 cells"}`,
		`{"search":"s1","order":1,"epoch":6,"genotype":"g","val_error":70,"budget":"3 cells"}`,
		`{"search":"s2","order":2,"epoch":6,"genotype":"g","val_error":72,"budget":"3 cells"}`,
		`{"search":"random","genotype":"g","val_error":78,"budget":"3 cells"}`,
		`{"search":"random","genotype":"g","val_error":82,"budget":"3 cells"}`,
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ProgressFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ch := f.(*Chart)
	if ch.Title.Text != "Search progress (brief trainings: 3 cells)" || len(ch.series) != 3 {
		t.Fatalf("title %q, %d series", ch.Title.Text, len(ch.series))
	}
	band := ch.series[2]
	// mean 80, sample std √8 ≈ 2.83, from epoch 1 to 6.
	if band.X[0] != 1 || band.X[1] != 6 || band.Y[0] != 80 || math.Abs(band.Upper[0]-80-math.Sqrt(8)) > 1e-12 ||
		math.Abs(80-band.Lower[0]-math.Sqrt(8)) > 1e-12 {
		t.Errorf("band %+v", band)
	}
	if s := ch.series[0]; s.Name != "s1 (order 1)" || len(s.X) != 2 || s.Y[1] != 70 {
		t.Errorf("first search %+v", s)
	}
	if _, err := PNG(f, 6, 4, 50); err != nil {
		t.Fatal(err)
	}
	only := filepath.Join(t.TempDir(), "random.jsonl")
	if err := os.WriteFile(only, []byte(lines[3]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ProgressFile(only); err == nil || !strings.Contains(err.Error(), "no search points") {
		t.Errorf("random cells only: %v", err)
	}
}
