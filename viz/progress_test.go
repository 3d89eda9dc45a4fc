package viz

import (
	"fmt"
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

// TestProgressFileByCost: against cost, x is search_seconds in the unit asked for, or, for
// ProgressCost, in minutes, hours or days by the largest cost; a record without search_seconds
// and an unknown axis are errors; a given label replaces the default.
func TestProgressFileByCost(t *testing.T) {
	write := func(seconds ...float64) string {
		path := filepath.Join(t.TempDir(), "progress.jsonl")
		var b strings.Builder
		for i, s := range seconds {
			fmt.Fprintf(&b, `{"search":"s1","order":1,"epoch":%d,"search_seconds":%g,"genotype":"g","val_error":%d,"budget":"b"}`+"\n", i+1, s, 80-i)
		}
		b.WriteString(`{"search":"random","genotype":"g","val_error":79,"budget":"b"}` + "\n")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		seconds []float64
		x       ProgressX
		label   string
		want    []float64
		xLabel  string
	}{
		{[]float64{1800, 10800}, ProgressCost, "", []float64{0.5, 3}, "search time (hours, wall clock)"},
		{[]float64{90, 600}, ProgressCost, "", []float64{1.5, 10}, "search time (minutes, wall clock)"},
		{[]float64{86400, 4 * 86400}, ProgressCost, "", []float64{1, 4}, "search time (days, wall clock)"},
		{[]float64{43200, 86400}, ProgressDays, "search cost (GPU days)", []float64{0.5, 1}, "search cost (GPU days)"},
		{[]float64{90, 600}, ProgressEpoch, "", []float64{1, 2}, "search epoch"},
	} {
		f, err := ProgressFileBy(write(tc.seconds...), tc.x, tc.label)
		if err != nil {
			t.Fatalf("%v %s: %v", tc.seconds, tc.x, err)
		}
		ch := f.(*Chart)
		s := ch.series[0]
		if len(s.X) != 2 || math.Abs(s.X[0]-tc.want[0]) > 1e-12 || math.Abs(s.X[1]-tc.want[1]) > 1e-12 || ch.X.Label.Text != tc.xLabel {
			t.Errorf("%v %s: x %v labelled %q, want %v labelled %q", tc.seconds, tc.x, s.X, ch.X.Label.Text, tc.want, tc.xLabel)
		}
		if band := ch.series[1]; band.X[0] != s.X[0] || band.X[1] != s.X[1] {
			t.Errorf("%v %s: random band over %v, want the search's x range %v", tc.seconds, tc.x, band.X, s.X)
		}
	}
	if _, err := ProgressFileBy(write(90, 0), ProgressCost, ""); err == nil || !strings.Contains(err.Error(), "s1 epoch 2 has no search_seconds") {
		t.Errorf("missing seconds: %v", err)
	}
	if _, err := ProgressFileBy(write(90), "weeks", ""); err == nil || !strings.Contains(err.Error(), `x axis "weeks"`) {
		t.Errorf("unknown axis: %v", err)
	}
}
