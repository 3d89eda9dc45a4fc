package train

import (
	"fmt"

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/data/dataset"
)

// Schedules of the learning rate.
const (
	Cosine      = "cosine"      // from LR at epoch 0 down to LRMin at the last epoch's end
	Exponential = "exponential" // LR·Gamma^epoch
)

// Config is one training run.
type Config struct {
	Net           evalnet.Config `json:"net"`
	Epochs        int            `json:"epochs"`
	BatchSize     int            `json:"batch_size"`
	StepsPerEpoch int            `json:"steps_per_epoch"` // 0: one pass over the training set
	EvalBatches   int            `json:"eval_batches"`    // test batches per epoch; 0: the whole test set
	LR            float64        `json:"lr"`
	Schedule      string         `json:"schedule"` // Cosine or Exponential
	LRMin         float64        `json:"lr_min"`   // Cosine's floor
	Gamma         float64        `json:"gamma"`    // Exponential's factor per epoch
	// DecayPeriod is Exponential's epochs between two decays (train_imagenet.py's
	// --decay_period, 1); 0, as configurations stored before it, means 1.
	DecayPeriod int `json:"decay_period,omitempty"`
	// ScheduleOffset is how many epochs ahead of the paper's schedule the learning rate runs:
	// epoch e (0-based) trains at η(e + ScheduleOffset). 1 (every constructor's default) is the
	// reference code: its train.py and train_imagenet.py call scheduler.step() at the start of
	// each epoch (PyTorch 0.3 semantics), so epoch e uses η(e+1) and the last epoch runs at
	// LRMin. 0 is the paper's η(e) (`darts train -paper-schedule`); a run stored before this
	// field existed reads it as 0, which is how it was trained, so resumes stay consistent.
	ScheduleOffset int     `json:"schedule_offset"`
	Momentum       float64 `json:"momentum"`
	WeightDecay    float64 `json:"weight_decay"`
	GradClip       float64 `json:"grad_clip"`  // global-norm clip; 0: none
	AuxWeight      float64 `json:"aux_weight"` // weight of the auxiliary head's loss (used when Net.Auxiliary)
	DropPath       float64 `json:"drop_path"`  // drop-path probability reached at the last epoch (ramped from 0)
	LabelSmoothing float64 `json:"label_smoothing"`
	Seed           int64   `json:"seed"`
	// Cutout is the side of the square cutout blanks in each CIFAR training image (the paper's 16;
	// 0: none); ImageNet training has none. Configurations stored before this field read 16 for
	// CIFAR, what they trained with.
	Cutout int `json:"cutout"`
}

// PaperCutout is the paper's cutout on CIFAR-10 (train.py's --cutout_length 16).
const PaperCutout = 16

// CIFARAugment is the augmentation of CIFAR training under c: padded random crops, flips and
// c.Cutout (dataset.CIFAREval with the configured cutout).
func (c Config) CIFARAugment() dataset.Augment {
	a := dataset.CIFAREval
	a.Cutout = c.Cutout
	return a
}

// PaperCIFAR is the paper's CIFAR-10 training of g: 20 cells, 36 channels, 600 epochs, batch 96,
// SGD 0.025 cosine to 0, momentum 0.9, wd 3e-4, clip 5, auxiliary 0.4, drop-path 0.2, cutout 16
// (the data's augmentation: CIFARAugment).
func PaperCIFAR(g genotype.Genotype) Config {
	return Config{Net: evalnet.PaperCIFAR(g), Epochs: 600, BatchSize: 96, LR: 0.025, Schedule: Cosine, ScheduleOffset: 1,
		Momentum: 0.9, WeightDecay: 3e-4, GradClip: 5, AuxWeight: 0.4, DropPath: 0.2, Seed: 0, Cutout: PaperCutout}
}

// PaperImageNet is the paper's ImageNet (mobile) training of g: 14 cells, 48 channels, 250
// epochs, batch 128, SGD 0.1 decayed ×0.97 per epoch, momentum 0.9, wd 3e-5, label smoothing 0.1,
// auxiliary 0.4, clip 5, no drop-path.
func PaperImageNet(g genotype.Genotype) Config {
	return Config{Net: evalnet.PaperImageNet(g), Epochs: 250, BatchSize: 128, LR: 0.1, Schedule: Exponential,
		ScheduleOffset: 1, Gamma: 0.97, Momentum: 0.9, WeightDecay: 3e-5, GradClip: 5, AuxWeight: 0.4, LabelSmoothing: 0.1, Seed: 0}
}

// QuickCIFAR is a few minutes on 2 CPU cores: 6 cells of 8 channels, 4 epochs of 40 steps of 32
// images, the paper's optimiser otherwise (a higher LR suits the short run). It follows the paper's
// schedule η(e) (ScheduleOffset 0), not the reference code's η(e+1): over 4 epochs the reference's
// offset would train the whole last quarter at the cosine's floor, 0, i.e. not at all.
func QuickCIFAR(g genotype.Genotype) Config {
	c := PaperCIFAR(g)
	c.Net.C, c.Net.Layers = 8, 6
	c.Epochs, c.BatchSize, c.StepsPerEpoch, c.EvalBatches = 4, 32, 40, 8
	c.LR = 0.05
	c.ScheduleOffset = 0
	return c
}

// QuickImageNet is a minute on 2 CPU cores on a small folder: 3 cells of 8 channels at 224×224,
// 4 epochs of 12 steps of 8 images at half the paper's learning rate. Like QuickCIFAR it follows
// the paper's schedule η(e), so every quick run starts at its stated LR (the exponential decay
// never reaches 0, but the offset would start the first epoch at 0.97·LR for no benefit).
func QuickImageNet(g genotype.Genotype) Config {
	c := PaperImageNet(g)
	c.Net.C, c.Net.Layers = 8, 3
	c.Epochs, c.BatchSize, c.StepsPerEpoch, c.EvalBatches = 4, 8, 12, 4
	c.LR = 0.05
	c.ScheduleOffset = 0
	return c
}

// Validate reports a configuration that cannot run.
func (c Config) Validate() error {
	if err := c.Net.Validate(); err != nil {
		return err
	}
	switch {
	case c.Epochs < 1:
		return fmt.Errorf("train: Epochs=%d, want >= 1", c.Epochs)
	case c.BatchSize < 2:
		return fmt.Errorf("train: BatchSize=%d, want >= 2 (batch norm needs two examples)", c.BatchSize)
	case c.LR <= 0:
		return fmt.Errorf("train: LR=%g, want > 0", c.LR)
	case c.Schedule != Cosine && c.Schedule != Exponential:
		return fmt.Errorf("train: Schedule %q, want %q or %q", c.Schedule, Cosine, Exponential)
	case c.ScheduleOffset != 0 && c.ScheduleOffset != 1:
		return fmt.Errorf("train: ScheduleOffset=%d, want 1 (the reference code's) or 0 (the paper's)", c.ScheduleOffset)
	case c.Schedule == Exponential && (c.Gamma <= 0 || c.Gamma > 1):
		return fmt.Errorf("train: Gamma=%g, want in (0, 1]", c.Gamma)
	case c.DropPath < 0 || c.DropPath >= 1:
		return fmt.Errorf("train: DropPath=%g, want in [0, 1)", c.DropPath)
	case c.LabelSmoothing < 0 || c.LabelSmoothing >= 1:
		return fmt.Errorf("train: LabelSmoothing=%g, want in [0, 1)", c.LabelSmoothing)
	case c.DecayPeriod < 0:
		return fmt.Errorf("train: DecayPeriod=%d, want >= 1 (0: 1)", c.DecayPeriod)
	}
	return nil
}

// EpochLR is the learning rate of epoch e (0-based): η(e + ScheduleOffset), where η is
// LR·Gamma^⌊t/DecayPeriod⌋ (Exponential, the reference's StepLR) or the cosine from LR at t = 0 to LRMin at
// t = Epochs (the reference's CosineAnnealingLR with T_max = Epochs).
func (c Config) EpochLR(e int) float64 {
	e += c.ScheduleOffset
	if c.Schedule == Exponential {
		lr := c.LR
		for range e / max(c.DecayPeriod, 1) {
			lr *= c.Gamma
		}
		return lr
	}
	return cosineLR(c.LR, c.LRMin, e, c.Epochs)
}

// EpochDropPath is the drop-path probability of epoch e: DropPath·e/Epochs, as the reference,
// which sets drop_path_prob from the 0-based epoch after its scheduler.step(): the ramp has no
// offset (epoch 0 runs without drop path), whatever ScheduleOffset is.
func (c Config) EpochDropPath(e int) float64 { return c.DropPath * float64(e) / float64(c.Epochs) }
