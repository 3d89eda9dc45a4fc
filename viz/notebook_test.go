package viz

import (
	"path/filepath"
	"testing"
)

func TestFiguresDirHonoursEnv(t *testing.T) {
	t.Setenv(EnvFigures, "/tmp/some/figures")
	if got := FiguresDir(); got != "/tmp/some/figures" {
		t.Fatalf("FiguresDir() = %q", got)
	}
}

func TestLatestRunOrSynthetic(t *testing.T) {
	runs := t.TempDir()
	t.Setenv("DARTS_RUNS", runs)
	synthetic := filepath.Join(t.TempDir(), "synthetic")
	dir, label, err := LatestRunOrSynthetic(synthetic)
	if err != nil || dir != synthetic || label != "SYNTHETIC run" {
		t.Fatalf("no runs: got %q %q %v, want the synthetic run", dir, label, err)
	}
	if _, err := ReadAlphas(dir); err != nil {
		t.Fatalf("the synthetic run is not readable: %v", err)
	}
	real := filepath.Join(runs, "cifar10_order1")
	if err := WriteSyntheticRun(real, 3, 1); err != nil {
		t.Fatal(err)
	}
	dir, label, err = LatestRunOrSynthetic(synthetic)
	if err != nil || dir != real || label != "cifar10_order1" {
		t.Fatalf("with a run: got %q %q %v, want %q", dir, label, err, real)
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
