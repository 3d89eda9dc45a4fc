package rnn

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
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
