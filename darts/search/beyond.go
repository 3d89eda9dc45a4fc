package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
)

// Beyond DARTS (notebook 08): plain DARTS with the Hessian's eigenvalue tracked every epoch,
// DARTS-ES on that same search, and PC-DARTS, all on one budget.

// QuickCollapseRunConfig is QuickRunConfig (first order) run longer and watched: 8 epochs of 8
// steps (64 steps, against the quick search's 30, so that α has time to drift), λ_max of
// ∇²α L_val measured after every epoch from at most 6 Hessian-vector products on one validation
// batch by Lanczos: a rough estimate, and still about half of the
// search's time on two cores, where notebook 08 must run its two searches in about 3 minutes.
func QuickCollapseRunConfig() RunConfig {
	c := QuickRunConfig(1)
	c.Epochs, c.StepsPerEpoch = 8, 8
	c.HessianEvery, c.HessianIters = 1, 6
	return c
}

// QuickEarlyStopWindow is DARTS-ES's k for QuickCollapseRunConfig: the paper's 5 needs 10
// measurements before its first test, more than the quick search has.
const QuickEarlyStopWindow = 2

// PaperEarlyStopWindow is DARTS-ES's k in Zela et al. (Section 4.3): 5 epochs.
const PaperEarlyStopWindow = 5

// QuickPCDARTSRunConfig is QuickCollapseRunConfig's budget (network, batch, epochs, steps,
// Hessian) searched the PC-DARTS way: PresetRunConfig's quick PC-DARTS (partial channels K=4
// with edge normalisation, weight learning rate 0.1 down to 0, α learning rate 100× the
// paper's 6e-4) with α frozen for the same share of the epochs as the paper's 15 of 50 (2 of 8).
// The batch stays DARTS's, so that both searches see the same images; PC-DARTS spends its memory
// savings on a 4× larger batch.
func QuickPCDARTSRunConfig() RunConfig {
	d := QuickCollapseRunConfig()
	c, err := PresetRunConfig(PresetPCDARTS, d.Order, true)
	if err != nil {
		panic(err) // a preset of this package
	}
	p := PCDARTSRunConfig()
	c.Epochs, c.StepsPerEpoch = d.Epochs, d.StepsPerEpoch
	c.ArchWarmupEpochs = p.ArchWarmupEpochs * d.Epochs / p.Epochs
	c.HessianEvery, c.HessianIters = d.HessianEvery, d.HessianIters
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
