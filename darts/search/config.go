package search

import (
	"fmt"
	"math"
	"slices"

	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// RunConfig holds every hyper-parameter of a search. PaperRunConfig gives the paper's values;
// QuickRunConfig is a named override of them for CPUs, not a second code path.
type RunConfig struct {
	Net             Config  `json:"net"`
	Order           int     `json:"order"` // 1 or 2
	Mode            string  `json:"mode"`  // "bilevel" (DARTS), "alternating" or "simultaneous" (the paper's ablations)
	Epochs          int     `json:"epochs"`
	BatchSize       int     `json:"batch_size"`
	StepsPerEpoch   int     `json:"steps_per_epoch"` // 0: one pass over the training half
	EvalBatches     int     `json:"eval_batches"`    // validation batches evaluated per epoch (eval mode); 0: the whole half
	LR              float64 `json:"lr"`
	LRMin           float64 `json:"lr_min"`
	Momentum        float64 `json:"momentum"`
	WeightDecay     float64 `json:"weight_decay"`
	GradClip        float64 `json:"grad_clip"`
	ArchLR          float64 `json:"arch_lr"`
	ArchWeightDecay float64 `json:"arch_weight_decay"`
	TrainPortion    float64 `json:"train_portion"` // share of the training set used for weights (the rest is validation)
	// Cutout is the side of the square cutout zeroes in each image of both halves (train_search.py's
	// --cutout --cutout_length; off by default there, as here: 0).
	Cutout int   `json:"cutout,omitempty"`
	Seed   int64 `json:"seed"`
	// ComputeDType is the dtype of the weight step's forward and backward passes: "" or "float32"
	// (the paper), "bfloat16" or "float16" (mixed precision, for GPUs: weights, α, optimiser
	// states, batch norms, the classifier and the loss stay float32). The α step, its unrolled
	// virtual step included, always runs in float32.
	ComputeDType string `json:"compute_dtype,omitempty"`

	// Where the reference code (quark0/darts cnn/) does something the paper does not say, these
	// choose (README: "Where we follow the reference code, and where the paper"). PaperRunConfig
	// follows the reference in each; the zero value, as in configurations stored before these
	// options, is the behaviour of that time (the other choice), so that such runs resume as they
	// started.
	//
	// BNStats: "reference": the α step's forward passes update batch-norm running statistics too
	// (see architect.Config.ArchStepBNStats); "weight-step": only the weight step's forward does.
	BNStats string `json:"bn_stats,omitempty"`
	// ScheduleOffset is how many epochs ahead of the paper's cosine schedule the learning rate
	// runs: epoch e (from 0) trains at η(e + ScheduleOffset), as train.Config's. 1 (PaperRunConfig)
	// is the reference code: train_search.py calls scheduler.step() at the start of each epoch
	// (PyTorch 0.3), so epoch e uses η(e+1), the last epoch LRMin, and ξ of the second order is
	// that rate too. 0 is the paper's η(e); configurations stored before this field read 0.
	ScheduleOffset int `json:"schedule_offset,omitempty"`
	// Split: "reference": the weights get the first TrainPortion of the training set in file
	// order and α the rest, and every α step draws a fresh random batch of distinct images from
	// its half (next(iter(valid_queue)); dataset.Batcher.NextFresh); "random": a seeded random
	// split (dataset.SearchSplit), and the α batches walk through shuffled epochs of their half as
	// the weights' batches do. The split itself is made by RunConfig.SplitData.
	Split string `json:"split,omitempty"`

	// Collapse (Zela et al., ICLR 2020): the dominant eigenvalue of ∇²α L_val, every
	// HessianEvery epochs (0: never), from HessianIters Lanczos products (0: 20) on the
	// first HessianBatches validation batches in file order (0: 1), each product a central
	// difference of ∇α L_val with step HessianEps along a unit vector (0: 1e-3); see hessian.go.
	// A larger step (1e-2) smooths over the ReLU and max-pool kinks of a small network.
	HessianEvery   int     `json:"hessian_every,omitempty"`
	HessianIters   int     `json:"hessian_iters,omitempty"`
	HessianBatches int     `json:"hessian_batches,omitempty"`
	HessianEps     float64 `json:"hessian_eps,omitempty"`
	// EarlyStop is DARTS-ES (see EarlyStopRule): Window eigenvalue measurements per average
	// (0: no early stopping; the paper 5), Threshold T (0: the paper's 0.75; above 1 stops even
	// on a falling eigenvalue, for tests). It needs HessianEvery.
	EarlyStopWindow int `json:"early_stop_window,omitempty"`
	// ArchWarmupEpochs freezes α for the first epochs: only the weight step runs (PC-DARTS: 15).
	ArchWarmupEpochs   int     `json:"arch_warmup_epochs,omitempty"`
	EarlyStopThreshold float64 `json:"early_stop_threshold,omitempty"`
	// Preset names the published search these settings started from (see PresetRunConfig):
	// "" or PresetDARTS, or PresetPCDARTS. It is a record (flags may have changed any setting
	// after it), stored in config.json so that a resumed run keeps it.
	Preset string `json:"preset,omitempty"`
}

// The values of RunConfig's reference-or-paper options.
const (
	FollowReference   = "reference"
	BNStatsWeightStep = "weight-step"
	SplitRandom       = "random"
)

// computeDTypes are the accepted RunConfig.ComputeDType values.
var computeDTypes = map[string]dtypes.DType{"": dtypes.Float32, "float32": dtypes.Float32,
	"bfloat16": dtypes.BFloat16, "float16": dtypes.Float16}

// PaperRunConfig is the paper's CIFAR-10 search (first or second order).
func PaperRunConfig(order int) RunConfig {
	return RunConfig{
		Net: PaperConfig(), Order: order, Mode: "bilevel", Epochs: 50, BatchSize: 64,
		LR: 0.025, LRMin: 0.001, Momentum: 0.9, WeightDecay: 3e-4, GradClip: 5,
		ArchLR: 3e-4, ArchWeightDecay: 1e-3, TrainPortion: 0.5, Seed: 2,
		BNStats: FollowReference, ScheduleOffset: 1, Split: FollowReference,
	}
}

// options lists the reference-or-paper options: flag-like name, value, and the accepted values
// (the first the reference's; "" means the second, see RunConfig).
func (c RunConfig) options() []struct{ name, value, ref, other string } {
	return []struct{ name, value, ref, other string }{
		{"BNStats", c.BNStats, FollowReference, BNStatsWeightStep},
		{"Split", c.Split, FollowReference, SplitRandom},
	}
}

func (c RunConfig) bnStatsReference() bool { return c.BNStats == FollowReference }
func (c RunConfig) splitReference() bool   { return c.Split == FollowReference }

// EpochLR is the weight learning rate of epoch (from 0): the cosine from LR at t = 0 to LRMin at
// t = Epochs (torch's CosineAnnealingLR with T_max = Epochs) at t = epoch + ScheduleOffset.
func (c RunConfig) EpochLR(epoch int) float64 {
	return optim.CosineLR(c.LR, c.LRMin, epoch+c.ScheduleOffset, c.Epochs)
}

// QuickRunConfig shrinks the paper's search to about a minute (first order) on two CPU cores:
// a 5-cell network (reductions at cells 1 and 3, so normal cells remain on either side) with 4
// initial channels, batches of 8, 6 epochs of 5 steps. A first-order step of this network takes
// about 1 s on two cores (second order about 3.5 s), against 4-6 s (second order 14 s) for
// the 8-channel, batch-16 network this config used before, which kept the notebooks over their
// CI budget.
// Everything else is the paper's, except the α learning rate: 100× the paper's 3e-4, so that
// α moves visibly in 30 steps instead of 19,500 (at 3e-3 the op weights moved by under 1%).
func QuickRunConfig(order int) RunConfig {
	c := PaperRunConfig(order)
	c.Net.C, c.Net.Layers = 4, 5
	c.BatchSize, c.Epochs, c.StepsPerEpoch, c.EvalBatches = 8, 6, 5, 4
	c.ArchLR = 3e-2
	return c
}

func (c RunConfig) mode() (architect.Mode, error) {
	switch c.Mode {
	case "", "bilevel":
		return architect.Bilevel, nil
	case "alternating":
		return architect.Alternating, nil
	case "simultaneous":
		return architect.Simultaneous, nil
	}
	return 0, fmt.Errorf("search: Mode=%q, want bilevel, alternating or simultaneous", c.Mode)
}

// Validate reports the first bad field.
func (c RunConfig) Validate() error {
	if err := c.Net.Validate(); err != nil {
		return err
	}
	if _, err := c.mode(); err != nil {
		return err
	}
	switch {
	case c.Order != 1 && c.Order != 2:
		return fmt.Errorf("search: Order=%d, want 1 or 2", c.Order)
	case c.Epochs < 1:
		return fmt.Errorf("search: Epochs=%d, want >= 1", c.Epochs)
	case c.BatchSize < 1:
		return fmt.Errorf("search: BatchSize=%d, want >= 1", c.BatchSize)
	case c.TrainPortion <= 0 || c.TrainPortion >= 1:
		return fmt.Errorf("search: TrainPortion=%g, want in (0, 1)", c.TrainPortion)
	case c.ScheduleOffset != 0 && c.ScheduleOffset != 1:
		return fmt.Errorf("search: ScheduleOffset=%d, want 1 (the reference code's) or 0 (the paper's)", c.ScheduleOffset)
	case c.HessianEvery < 0 || c.HessianIters < 0 || c.HessianBatches < 0:
		return fmt.Errorf("search: HessianEvery=%d, HessianIters=%d, HessianBatches=%d, want >= 0",
			c.HessianEvery, c.HessianIters, c.HessianBatches)
	case c.HessianEps < 0 || math.IsNaN(c.HessianEps) || math.IsInf(c.HessianEps, 0):
		return fmt.Errorf("search: HessianEps=%g, want 0 (the default 1e-3) or a positive step", c.HessianEps)
	case c.Preset != "" && !slices.Contains(Presets, c.Preset):
		return fmt.Errorf("search: Preset=%q, want one of %v", c.Preset, Presets)
	case c.ArchWarmupEpochs < 0:
		return fmt.Errorf("search: ArchWarmupEpochs=%d, want >= 0", c.ArchWarmupEpochs)
	case c.EarlyStopWindow < 0:
		return fmt.Errorf("search: EarlyStopWindow=%d, want >= 0", c.EarlyStopWindow)
	case c.EarlyStopWindow > 0 && c.HessianEvery == 0:
		return fmt.Errorf("search: EarlyStopWindow=%d needs the eigenvalue: set HessianEvery", c.EarlyStopWindow)
	case c.EarlyStopThreshold < 0 || math.IsNaN(c.EarlyStopThreshold):
		return fmt.Errorf("search: EarlyStopThreshold=%g, want > 0 (0: the paper's 0.75)", c.EarlyStopThreshold)
	case c.HessianEvery > 0 && c.Mode == "simultaneous":
		return fmt.Errorf("search: HessianEvery: the simultaneous mode has no validation loss to take the Hessian of")
	}
	for _, o := range c.options() {
		if o.value != "" && o.value != o.ref && o.value != o.other {
			return fmt.Errorf("search: %s=%q, want %q or %q", o.name, o.value, o.ref, o.other)
		}
	}
	if _, ok := computeDTypes[c.ComputeDType]; !ok {
		return fmt.Errorf("search: ComputeDType=%q, want float32, bfloat16 or float16", c.ComputeDType)
	}
	return nil
}

// Architect returns the bilevel step's configuration.
func (c RunConfig) Architect() architect.Config {
	mode, _ := c.mode()
	a := architect.Config{
		Order: c.Order, Mode: mode,
		WeightOpt: optim.SGD{Momentum: c.Momentum, WeightDecay: c.WeightDecay},
		ArchOpt: optim.Adam{Name: "arch_adam", LR: c.ArchLR, Beta1: 0.5, Beta2: 0.999, Epsilon: 1e-8,
			WeightDecay: c.ArchWeightDecay},
		GradClip: c.GradClip, ArchScope: ArchScope, ArchStepBNStats: c.bnStatsReference(),
	}
	if dt := computeDTypes[c.ComputeDType]; dt != dtypes.Float32 {
		weightNet := c.Net
		weightNet.Compute = dt
		a.WeightLoss = weightNet.Loss
	}
	return a
}
