package rnn

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
)

// ModeSearchConfig is the search of a notebook's DARTS_MODE: "quick" (or "") is
// QuickSearchConfig, "paper" PaperSearchConfig.
func ModeSearchConfig(mode string, order, vocab int) (SearchConfig, error) {
	switch mode {
	case "", "quick":
		return QuickSearchConfig(order, vocab), nil
	case "paper":
		return PaperSearchConfig(order, vocab), nil
	}
	return SearchConfig{}, fmt.Errorf("rnn: mode %q, want quick or paper", mode)
}

// ModeTrainConfig is the training of cell g of a notebook's DARTS_MODE: "quick" (or "") is
// QuickTrainConfig, "paper" PaperTrainConfig (wikitext2: WikiText-2's sizes instead of PTB's).
func ModeTrainConfig(mode string, g genotype.Recurrent, vocab int, wikitext2 bool) (TrainRunConfig, error) {
	switch mode {
	case "", "quick":
		return QuickTrainConfig(g, vocab), nil
	case "paper":
		return PaperTrainConfig(g, vocab, wikitext2), nil
	}
	return TrainRunConfig{}, fmt.Errorf("rnn: mode %q, want quick or paper", mode)
}

// WithSettings is c with a notebook's settings (run.Settings: epochs, steps per epoch, units as
// Channels, batch, seed; zero keeps c's; a recurrent network has no Layers), checked.
func (c SearchConfig) WithSettings(s run.Settings) (SearchConfig, error) {
	err := s.Set("rnn.SearchConfig", run.Fields{Epochs: &c.Epochs, Steps: &c.StepsPerEpoch, Channels: &c.Net.Hidden,
		Batch: &c.BatchSize, Seed: &c.Seed})
	if err != nil {
		return c, err
	}
	return c, checkCounts(c.Net, c.Epochs, c.BatchSize)
}

// WithSettings is TrainRunConfig's SearchConfig.WithSettings.
func (c TrainRunConfig) WithSettings(s run.Settings) (TrainRunConfig, error) {
	err := s.Set("rnn.TrainRunConfig", run.Fields{Epochs: &c.Epochs, Steps: &c.StepsPerEpoch, Channels: &c.Net.Hidden,
		Batch: &c.BatchSize, Seed: &c.Seed})
	if err != nil {
		return c, err
	}
	return c, checkCounts(c.Net, c.Epochs, c.BatchSize)
}

// checkCounts is what a notebook's settings can break in a recurrent configuration.
func checkCounts(net Config, epochs, batch int) error {
	switch {
	case epochs < 1:
		return fmt.Errorf("rnn: Epochs=%d, want >= 1", epochs)
	case batch < 1:
		return fmt.Errorf("rnn: BatchSize=%d, want >= 1", batch)
	}
	return net.Validate()
}
