package tinynet

import (
	"fmt"
	"io"
	"math"

	"github.com/dartsml/godarts/darts/optim"
	"github.com/dartsml/godarts/data/dataset"
)

// TrainConfig holds the hyper-parameters of a training run.
type TrainConfig struct {
	// Mode records the DARTS_MODE the settings came from (see ModeConfig); "" when set by hand.
	Mode string
	// Steps is the number of weight updates Train runs; the cosine schedule spans them.
	Steps int
	// BatchSize and DataSeed configure the Batcher that NewBatcher builds (shuffled every epoch).
	BatchSize int
	DataSeed  uint64
	// LR is the initial learning rate; with Cosine it decays to MinLR over Steps
	// (torch's CosineAnnealingLR stepped per batch), otherwise it stays constant.
	LR, MinLR float64
	Cosine    bool
	// Momentum and WeightDecay are those of PyTorch's SGD (coupled L2 weight decay).
	Momentum, WeightDecay float64
	// GradClip is the global-norm clip of the gradients; 0 disables it.
	GradClip float64
	// Seed fixes the weight initialisation.
	Seed int64
	// Log, when set, receives a progress line every LogEvery steps (and after the last step).
	Log      io.Writer `json:"-"`
	LogEvery int
}

// DefaultTrainConfig is the quick setting: 300 steps of 64 images with SGD (lr 0.1 with cosine
// decay, momentum 0.9, weight decay 5e-4), about a third of an MNIST epoch.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{
		Steps: 300, BatchSize: 64, DataSeed: 1,
		LR: 0.1, MinLR: 0, Cosine: true,
		Momentum: 0.9, WeightDecay: 5e-4,
		Seed: 1, LogEvery: 50,
	}
}

// Modes accepted by ModeConfig (DARTS_MODE in the notebooks).
const (
	ModeQuick = "quick"
	ModePaper = "paper"
)

// ModeConfig returns the training settings of a DARTS_MODE: "quick" (or "", for interactive
// sessions that did not set it) is DefaultTrainConfig; "paper" trains 3 epochs of MNIST
// (60,000 images / 64 = 937 steps each).
func ModeConfig(mode string) (TrainConfig, error) {
	cfg := DefaultTrainConfig()
	switch mode {
	case "", ModeQuick:
		cfg.Mode = ModeQuick
	case ModePaper:
		cfg.Mode = ModePaper
		cfg.Steps = 3 * (60000 / cfg.BatchSize)
		cfg.LogEvery = 250
	default:
		return TrainConfig{}, fmt.Errorf("tinynet: unknown mode %q, want %q or %q", mode, ModeQuick, ModePaper)
	}
	return cfg, nil
}

// Validate reports settings that cannot train.
func (c TrainConfig) Validate() error {
	switch {
	case c.Steps <= 0:
		return fmt.Errorf("tinynet: TrainConfig.Steps = %d, want > 0", c.Steps)
	case c.BatchSize <= 0:
		return fmt.Errorf("tinynet: TrainConfig.BatchSize = %d, want > 0", c.BatchSize)
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("tinynet: TrainConfig.LR = %g, want a finite value > 0", c.LR)
	case c.Cosine && (c.MinLR < 0 || c.MinLR > c.LR):
		return fmt.Errorf("tinynet: TrainConfig.MinLR = %g, want 0 ≤ MinLR ≤ LR (%g)", c.MinLR, c.LR)
	case !(c.Momentum >= 0 && c.Momentum < 1):
		return fmt.Errorf("tinynet: TrainConfig.Momentum = %g, want 0 ≤ momentum < 1", c.Momentum)
	case !(c.WeightDecay >= 0):
		return fmt.Errorf("tinynet: TrainConfig.WeightDecay = %g, want ≥ 0", c.WeightDecay)
	case !(c.GradClip >= 0):
		return fmt.Errorf("tinynet: TrainConfig.GradClip = %g, want ≥ 0 (0 disables clipping)", c.GradClip)
	case c.LogEvery < 0:
		return fmt.Errorf("tinynet: TrainConfig.LogEvery = %d, want ≥ 0", c.LogEvery)
	}
	return nil
}

// LRAt is the learning rate of step (0-based).
func (c TrainConfig) LRAt(step int) float64 {
	if !c.Cosine {
		return c.LR
	}
	return optim.CosineLR(c.LR, c.MinLR, step, c.Steps)
}

// NewBatcher returns the shuffled Batcher of BatchSize and DataSeed over train.
func (c TrainConfig) NewBatcher(train *dataset.Images) (*dataset.Batcher, error) {
	return dataset.NewBatcher(train, dataset.Config{BatchSize: c.BatchSize, Seed: c.DataSeed, Shuffle: true})
}

func (c TrainConfig) optimizer() optim.SGD {
	return optim.SGD{Name: "sgd", Momentum: c.Momentum, WeightDecay: c.WeightDecay}
}
