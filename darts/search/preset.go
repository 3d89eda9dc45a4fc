package search

import (
	"fmt"
	"math"
)

// The presets: the published searches a run can start from (darts search -preset).
const (
	PresetDARTS   = "darts"
	PresetPCDARTS = "pcdarts"
)

// Presets lists the accepted RunConfig.Preset values (besides "", which is PresetDARTS).
var Presets = []string{PresetDARTS, PresetPCDARTS}

// PCDARTSRunConfig is PC-DARTS's CIFAR-10 search (Xu et al., ICLR 2020; its train_search.py):
// DARTS's first-order search with partial channels K=4 and edge normalisation, batches of 256,
// weight learning rate 0.1 down to 0, α (and β) learning rate 6e-4, and α frozen for the first
// 15 of 50 epochs (ArchWarmupEpochs). The rest (momentum 0.9, weight decay 3e-4, clip 5, α's
// weight decay 1e-3 and Adam betas, the half split) is DARTS's.
func PCDARTSRunConfig() RunConfig {
	c := PaperRunConfig(1)
	c.Net.PartialChannels, c.Net.EdgeNorm = 4, true
	c.BatchSize, c.LR, c.LRMin, c.ArchLR = 256, 0.1, 0, 6e-4
	c.ArchWarmupEpochs = 15
	c.Preset = PresetPCDARTS
	return c
}

// PresetRunConfig is the configuration a search starts from: PaperRunConfig(order) for
// PresetDARTS (or ""), PCDARTSRunConfig with the given order for PresetPCDARTS. quick shrinks
// either as QuickRunConfig does the paper's: its network, batch, epochs, steps and evaluation
// (so that a quick PC-DARTS search costs what a quick DARTS search does) and 100× the α learning
// rate; PC-DARTS's α warm-up keeps its share of the epochs (15 of 50: 1 of quick's 6).
func PresetRunConfig(preset string, order int, quick bool) (RunConfig, error) {
	switch preset {
	case "", PresetDARTS:
		if quick {
			return QuickRunConfig(order), nil
		}
		return PaperRunConfig(order), nil
	case PresetPCDARTS:
	default:
		return RunConfig{}, fmt.Errorf("search: preset %q, want one of %v", preset, Presets)
	}
	c := PCDARTSRunConfig()
	c.Order = order
	if quick {
		q, paper := QuickRunConfig(order), PaperRunConfig(order)
		c.Net.C, c.Net.Layers = q.Net.C, q.Net.Layers
		c.BatchSize, c.StepsPerEpoch, c.EvalBatches = q.BatchSize, q.StepsPerEpoch, q.EvalBatches
		c.ArchLR *= math.Round(q.ArchLR / paper.ArchLR)
		c.ArchWarmupEpochs = c.ArchWarmupEpochs * q.Epochs / c.Epochs
		c.Epochs = q.Epochs
	}
	return c, nil
}
