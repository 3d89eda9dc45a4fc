package search

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/backends"
)

// FigureRunConfig is the search FigureRun makes when no run exists yet: QuickRunConfig's
// first-order network, cut to 4 epochs of 5 steps, so that a report's figures come from a real
// (if tiny) search in well under a minute on two cores rather than from made-up numbers.
func FigureRunConfig() RunConfig {
	c := QuickRunConfig(1)
	c.Epochs = 4
	return c
}

// FigureRun returns the run a report's figures should be drawn from: the first of found (the
// newest runs, e.g. viz.FindRuns(run.RunsDir())), labelled with its folder name; else dir, when
// an earlier call already searched there; else it first runs FigureRunConfig's search on data
// into dir, saying so. The label says which case it is, so a figure never passes a tiny search
// off as a notebook's or the paper's. The search reports on progress (Options.Progress; nil:
// quiet).
func FigureRun(backend func() (backends.Backend, error), data func(RunConfig) (Data, error), found []string, dir string,
	progress io.Writer) (runDir, label string, err error) {
	if len(found) > 0 {
		return found[0], filepath.Base(found[0]), nil
	}
	label = fmt.Sprintf("tiny search made for these figures (%s)", FigureRunConfig().summary())
	if _, statErr := os.Stat(filepath.Join(dir, run.GenotypeFile)); statErr == nil {
		return dir, label, nil
	}
	cfg := FigureRunConfig()
	d, err := data(cfg)
	if err != nil {
		return "", "", fmt.Errorf("search: data for the figures' search: %w", err)
	}
	b, err := backend()
	if err != nil {
		return "", "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", "", err
	}
	out, err := run.Create(dir)
	if err != nil {
		return "", "", err
	}
	fmt.Printf("no search run found: running a tiny %s into %s\n", FigureRunConfig().summary(), dir)
	if _, err := Run(b, cfg, d, out, Options{Progress: progress}); err != nil {
		return "", "", err
	}
	return dir, label, nil
}

// summary names the size of a search in a few words.
func (c RunConfig) summary() string {
	return fmt.Sprintf("order-%d search, %d cells, C=%d, %d epochs of %d steps", c.Order, c.Net.Layers, c.Net.C, c.Epochs, c.StepsPerEpoch)
}
