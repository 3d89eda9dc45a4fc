package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
)

// Beyond DARTS (notebook 08): plain DARTS with the Hessian's eigenvalue tracked every epoch,
// DARTS-ES on that same search, and PC-DARTS, all on one budget.

// QuickCollapseRunConfig is QuickRunConfig (first order) made to drift within CPU minutes, with
// λ_max of ∇²α L_val measured along the way. It is not the paper's setting: the weights are
// fitted on a tiny training half (TrainPortion 0.008: the first 80 images of the shared
// 10,000-image CIFAR-10 subset in file order, α on the rest) at learning rate 0.1 for 24 epochs
// of 10 steps (240 steps, one pass over the 80 images per epoch), so that within minutes they
// fit it and the validation loss sees weights that overfit, as a paper-size search's do after
// tens of epochs; the α learning rate stays QuickRunConfig's 100× the paper's. This compresses
// the paper's 50-epoch drift; it does not reproduce it. λ_max is measured every 2 epochs by Lanczos from at
// most 6 Hessian-vector products on the same 2 validation batches each time, with the
// finite-difference step 1e-2 (HessianEps): at 1e-3 the ReLU and max-pool kinks of a 4-channel
// network dominate the products (λ about twice as large and jumping from epoch to epoch).
func QuickCollapseRunConfig() RunConfig {
	c := QuickRunConfig(1)
	c.Epochs, c.StepsPerEpoch = 24, 10
	c.TrainPortion, c.LR = 0.008, 0.1
	c.HessianEvery, c.HessianIters, c.HessianBatches, c.HessianEps = 2, 6, 2, 1e-2
	return c
}

// QuickEarlyStopWindow is DARTS-ES's k for QuickCollapseRunConfig: with the paper's 5 the first
// test would come at the quick search's 10th of 12 measurements.
const QuickEarlyStopWindow = 2

// PaperEarlyStopWindow is DARTS-ES's k in Zela et al. (Section 4.3): 5 epochs.
const PaperEarlyStopWindow = 5

// QuickPCDARTSRunConfig is QuickCollapseRunConfig's budget (network, batch, epochs, steps,
// training images, Hessian) searched the PC-DARTS way: PresetRunConfig's quick PC-DARTS (partial channels K=4
// with edge normalisation, weight learning rate 0.1 down to 0, α learning rate 100× the
// paper's 6e-4) with α frozen for the same share of the epochs as the paper's 15 of 50 (7 of
// 24); its weight learning rate 0.1 is PC-DARTS's, and DARTS's here.
// The batch stays DARTS's, so that both searches see the same images; PC-DARTS spends its memory
// savings on a 4× larger batch.
func QuickPCDARTSRunConfig() RunConfig {
	d := QuickCollapseRunConfig()
	c, err := PresetRunConfig(PresetPCDARTS, d.Order, true)
	if err != nil {
		panic(err) // a preset of this package
	}
	p := PCDARTSRunConfig()
	c.Epochs, c.StepsPerEpoch, c.TrainPortion = d.Epochs, d.StepsPerEpoch, d.TrainPortion
	c.ArchWarmupEpochs = p.ArchWarmupEpochs * d.Epochs / p.Epochs
	c.HessianEvery, c.HessianIters, c.HessianBatches, c.HessianEps = d.HessianEvery, d.HessianIters, d.HessianBatches, d.HessianEps
	return c
}

// ModeCollapseRunConfig is plain DARTS (first order) with the eigenvalue measured every epoch
// for a notebook's DARTS_MODE: QuickCollapseRunConfig, or PaperRunConfig(1) (50 epochs).
func ModeCollapseRunConfig(mode string) (RunConfig, error) {
	c, err := ModeRunConfig(mode, 1)
	if err != nil {
		return c, err
	}
	if mode == "paper" {
		c.HessianEvery = 1
		return c, c.Validate()
	}
	c = QuickCollapseRunConfig()
	return c, c.Validate()
}

// ModePCDARTSRunConfig is PC-DARTS for a notebook's DARTS_MODE, the eigenvalue measured every
// epoch: QuickPCDARTSRunConfig, or the paper's PCDARTSRunConfig.
func ModePCDARTSRunConfig(mode string) (RunConfig, error) {
	if _, err := ModeRunConfig(mode, 1); err != nil {
		return RunConfig{}, err
	}
	c := QuickPCDARTSRunConfig()
	if mode == "paper" {
		c = PCDARTSRunConfig()
		c.HessianEvery = 1
	}
	return c, c.Validate()
}

// ModeEarlyStopRule is DARTS-ES for a notebook's DARTS_MODE: the paper's threshold 0.75 with
// window QuickEarlyStopWindow (quick) or PaperEarlyStopWindow (paper).
func ModeEarlyStopRule(mode string) (EarlyStopRule, error) {
	if _, err := ModeRunConfig(mode, 1); err != nil {
		return EarlyStopRule{}, err
	}
	k := QuickEarlyStopWindow
	if mode == "paper" {
		k = PaperEarlyStopWindow
	}
	return EarlyStopRule{Window: k, Threshold: PaperEarlyStopThreshold}, nil
}

// Scale names the size of a search in a few words for figure titles, e.g. "5 cells, C=4,
// batch 8, 8 epochs × 10 steps" (", K=4, edge norm." for PC-DARTS; "8 epochs × full passes"
// when StepsPerEpoch is 0).
func (c RunConfig) Scale() string {
	steps := "full passes"
	if c.StepsPerEpoch > 0 {
		steps = fmt.Sprintf("%d steps", c.StepsPerEpoch)
	}
	s := fmt.Sprintf("%d cells, C=%d, batch %d, %d epochs × %s", c.Net.Layers, c.Net.C, c.BatchSize, c.Epochs, steps)
	if c.Net.PartialChannels > 1 {
		s += fmt.Sprintf(", K=%d", c.Net.PartialChannels)
	}
	if c.Net.EdgeNorm {
		s += ", edge norm."
	}
	return s
}

// EarlyStopReplay applies rule to the eigenvalues a finished search recorded, measurement by
// measurement as a live run does (Run with EarlyStopWindow), and returns the first stop with the
// genotype of the epoch it returns; ok is false when the rule never fires. The rule only decides
// when to stop: a live run with this configuration plus the rule follows the same trajectory and
// measures the same eigenvalues up to its stop, so its DARTS-ES cell comes without a second
// search (TestEarlyStopReplayMatchesLiveRun checks this against a live run).
func (h *History) EarlyStopReplay(rule EarlyStopRule) (stop EarlyStop, g genotype.Genotype, ok bool, err error) {
	var epochs []int
	var lambdas []float64
	for _, e := range h.Epochs {
		if e.HessianEigenvalue == nil {
			continue
		}
		epochs, lambdas = append(epochs, e.Epoch), append(lambdas, *e.HessianEigenvalue)
		if stop, ok = rule.Check(epochs, lambdas); ok {
			break
		}
	}
	if !ok {
		return EarlyStop{}, genotype.Genotype{}, false, nil
	}
	if g, err = h.GenotypeAt(stop.ReturnedEpoch + 1); err != nil {
		return EarlyStop{}, genotype.Genotype{}, false, err
	}
	stop.Genotype = g.String()
	return stop, g, true, nil
}
