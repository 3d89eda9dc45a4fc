package search

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/backends"
)

// TestFigureRun: an existing run is used as it is; with none, a real search is run once into the
// folder (its genotype and every epoch's records written there) and reused by the next call.
func TestFigureRun(t *testing.T) {
	noBackend := func() (backends.Backend, error) { return nil, errors.New("must not search") }
	noData := func(RunConfig) (Data, error) { return Data{}, errors.New("must not load data") }

	got, label, err := FigureRun(noBackend, noData, []string{"/runs/newest", "/runs/older"}, t.TempDir(), nil)
	if err != nil || got != "/runs/newest" || label != "newest" {
		t.Fatalf("with runs found: %q %q %v, want the newest and its name", got, label, err)
	}

	dir := filepath.Join(t.TempDir(), "figures_run")
	data := func(cfg RunConfig) (Data, error) {
		if cfg.Epochs != FigureRunConfig().Epochs {
			t.Errorf("data asked for a config of %d epochs, want FigureRunConfig's", cfg.Epochs)
		}
		return tinyData(t, 96), nil
	}
	var progress bytes.Buffer
	got, label, err = FigureRun(func() (backends.Backend, error) { return backend.NewCPU("") }, data, nil, dir, &progress)
	if err != nil {
		t.Fatal(err)
	}
	if last := fmt.Sprintf("epoch %d/%d step", FigureRunConfig().Epochs, FigureRunConfig().Epochs); !strings.Contains(progress.String(), last) {
		t.Errorf("the search's progress never reached its last epoch (%q): %q", last, progress.String())
	}
	if got != dir || !strings.Contains(label, "tiny search") {
		t.Fatalf("got %q labelled %q, want %s labelled as a tiny search", got, label, dir)
	}
	h, err := LoadHistory(dir)
	if err != nil {
		t.Fatalf("the figures' run is not a readable search: %v", err)
	}
	if len(h.Alphas) != FigureRunConfig().Epochs {
		t.Fatalf("%d epochs of α recorded, want %d", len(h.Alphas), FigureRunConfig().Epochs)
	}
	if _, err := os.Stat(filepath.Join(dir, run.GenotypeFile)); err != nil {
		t.Fatal(err)
	}

	// A second call finds the search it made and does not search again.
	if again, _, err := FigureRun(noBackend, noData, nil, dir, nil); err != nil || again != dir {
		t.Fatalf("second call: %q %v, want the earlier search reused", again, err)
	}
}
