package search

import (
	"fmt"
	"time"

	"github.com/dartsml/godarts/darts/run"
)

// QuickAblationRunConfig is QuickRunConfig for the paper's two ablations of the bilevel scheme
// (mode "alternating" or "simultaneous", first order): half the epochs, since the notebook only
// needs to show which way α goes, and both ablations must fit in its budget next to two searches.
func QuickAblationRunConfig(mode string) RunConfig {
	c := QuickRunConfig(1)
	c.Mode = mode
	c.Epochs = 3
	return c
}

// AblationRunConfig is ModeRunConfig for one of the paper's ablations of the bilevel scheme
// ("alternating" or "simultaneous"), first order: QuickAblationRunConfig in quick mode, the
// paper's search otherwise.
func AblationRunConfig(notebookMode, ablation string) (RunConfig, error) {
	c, err := ModeRunConfig(notebookMode, 1)
	if err != nil {
		return c, err
	}
	if notebookMode != "paper" {
		c = QuickAblationRunConfig(ablation)
	}
	c.Mode = ablation
	return c, c.Validate()
}

// ModeRunConfig returns the run configuration of a notebook's DARTS_MODE: "quick" (or empty,
// the default) is QuickRunConfig, "paper" PaperRunConfig.
func ModeRunConfig(mode string, order int) (RunConfig, error) {
	switch mode {
	case "", "quick":
		return QuickRunConfig(order), nil
	case "paper":
		return PaperRunConfig(order), nil
	}
	return RunConfig{}, fmt.Errorf("search: mode %q, want quick or paper", mode)
}

// TotalSteps is the number of search steps a configuration runs on a weight half of
// trainImages images: Epochs × StepsPerEpoch, or Epochs × ⌊trainImages/BatchSize⌋ when
// StepsPerEpoch is 0 (one pass; Run's batcher drops the last partial batch).
func (c RunConfig) TotalSteps(trainImages int) int {
	steps := c.StepsPerEpoch
	if steps <= 0 {
		steps = trainImages / c.BatchSize
	}
	return c.Epochs * steps
}

// PaperStepCost is how many times longer a step of the paper's search (8 cells, C=16, batch 64)
// takes than one of QuickRunConfig's (5 cells, C=4, batch 8), first order, on the darts-cpu
// backend: `darts bench` on a shared two-core machine gave 117 s against 1.25 s back to back
// (an earlier, noisier pair 49 s against 1.1 s), so take it as good to a factor of two. It
// scales a step time measured live in quick mode into an estimate for the paper's search.
const PaperStepCost = 90.0

// EstimateDuration is TotalSteps × secondsPerStep (the evaluations and checkpoints are a few
// percent on top and left out).
func (c RunConfig) EstimateDuration(trainImages int, secondsPerStep float64) time.Duration {
	return time.Duration(float64(c.TotalSteps(trainImages)) * secondsPerStep * float64(time.Second))
}

// WithSettings is c with a notebook's settings (run.Settings: epochs, steps per epoch, cells,
// channels, batch, seed; zero keeps c's), validated.
func (c RunConfig) WithSettings(s run.Settings) (RunConfig, error) {
	err := s.Set("search.RunConfig", run.Fields{Epochs: &c.Epochs, Steps: &c.StepsPerEpoch, Layers: &c.Net.Layers,
		Channels: &c.Net.C, Batch: &c.BatchSize, Seed: &c.Seed})
	if err != nil {
		return c, err
	}
	return c, c.Validate()
}
