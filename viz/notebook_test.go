package viz

import (
	"os"
	"testing"
)

func TestFiguresDirHonoursEnv(t *testing.T) {
	t.Setenv(EnvFigures, "/tmp/some/figures")
	if got := FiguresDir(); got != "/tmp/some/figures" {
		t.Fatalf("FiguresDir() = %q", got)
	}
}

// TestLiveOutsideNotebook: outside a notebook Live.Show renders nothing but still rejects what
// could not be drawn.
func TestLiveOutsideNotebook(t *testing.T) {
	live := NewLive()
	p, err := Curves("t", "x", "y", Series{Name: "a", X: []float64{0, 1}, Y: []float64{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if err := live.Show(p, 4, 3); err != nil {
		t.Errorf("valid figure: %v", err)
	}
	if err := live.Show(p, 0, 3); err == nil {
		t.Error("zero width: want an error")
	}
	if err := live.Show(nil, 4, 3); err == nil {
		t.Error("nil figure: want an error")
	}
}

// TestAlphaMonitor: outside a notebook the monitor still builds every epoch's figure, titled
// with the epoch as the search prints it and the total, and saves the last in three formats.
func TestAlphaMonitor(t *testing.T) {
	m := NewAlphaMonitor(5, 6, 4)
	if _, err := m.Save(t.TempDir(), "alphas"); err == nil {
		t.Errorf("Save before any epoch: no error")
	}
	for _, a := range SyntheticHistory(5, 1) {
		if err := m.Show(a); err != nil {
			t.Fatal(err)
		}
	}
	if title := m.Last().(heatmapFigure).title; title != "softmax(α) after epoch 5 of 5" {
		t.Errorf("title %q", title)
	}
	paths, err := m.Save(t.TempDir(), "alphas")
	if err != nil || len(paths) != 3 {
		t.Fatalf("Save: %v %v", paths, err)
	}
	for _, p := range paths {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
}
