package train

import (
	"fmt"
	"path/filepath"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/imagenet"
)

// ModeCIFAR is the CIFAR-10 training of g for a notebook's DARTS_MODE: "quick" (or "") is
// QuickCIFAR, "paper" PaperCIFAR.
func ModeCIFAR(mode string, g genotype.Genotype) (Config, error) {
	switch mode {
	case "", "quick":
		return QuickCIFAR(g), nil
	case "paper":
		return PaperCIFAR(g), nil
	}
	return Config{}, fmt.Errorf("train: mode %q, want quick or paper", mode)
}

// ModeCIFAR10Data is the training and test data of a notebook's DARTS_MODE: quick mode reads
// whatever cifar10.Find finds first (on CI: the shared subset, 10,000 training and 2,000 test
// images); paper mode needs the full set. Either downloads the official release (MD5-checked,
// once) into $DARTS_DATA or the user cache when no suitable copy is there, saying so on stderr.
func ModeCIFAR10Data(mode string, cfg Config) (Data, error) {
	path, err := cifar10.ForMode(mode)
	if err != nil {
		return Data{}, err
	}
	trainSet, testSet, err := cifar10.Load(path)
	if err != nil {
		return Data{}, err
	}
	return ImagesData(trainSet, testSet, cfg.BatchSize, uint64(cfg.Seed), cfg.CIFARAugment())
}

// ReadMetrics reads a training run's metrics.jsonl, epochs counted from 0.
func ReadMetrics(dir string) ([]EpochRecord, error) {
	return run.ReadEpochFile[EpochRecord](dir, run.MetricsFile)
}

// Summary is a one-line account of an epoch for progress output.
func (r EpochRecord) Summary(epochs int) string {
	return fmt.Sprintf("epoch %d/%d: lr %.4f drop-path %.3f | train loss %.3f acc %.3f | test loss %.3f acc %.3f | %.0fs",
		r.Epoch+1, epochs, r.LR, r.DropPath, r.TrainLoss, r.TrainAcc, r.TestLoss, r.TestAcc, r.Seconds)
}

// ModeImageNet is the ImageNet training of g for a notebook's DARTS_MODE: QuickImageNet or
// PaperImageNet.
func ModeImageNet(mode string, g genotype.Genotype) (Config, error) {
	switch mode {
	case "", "quick":
		return QuickImageNet(g), nil
	case "paper":
		return PaperImageNet(g), nil
	}
	return Config{}, fmt.Errorf("train: mode %q, want quick or paper", mode)
}

// ModeImageNetData is the ImageNet data of a notebook's DARTS_MODE: paper mode reads
// $DARTS_DATA/imagenet (train/ and val/ of class folders; this project never downloads
// ImageNet); quick mode writes a toy folder (imagenet.WriteToy: 4 classes of stripes, 24 training
// and 8 validation images each) into toyDir, once.
func ModeImageNetData(mode string, cfg Config, toyDir string) (Data, string, error) {
	var root string
	switch mode {
	case "", "quick":
		root = toyDir
		if !fileExists(filepath.Join(root, "val")) {
			if err := imagenet.WriteToy(root, 4, 24, 8, uint64(cfg.Seed)); err != nil {
				return Data{}, "", err
			}
		}
	case "paper":
		var looked fetch.Lookup
		for _, pl := range fetch.Roots() {
			if p := filepath.Join(pl.Dir, "imagenet"); looked.Try(filepath.Join(p, "train")) {
				root = p
				break
			}
		}
		if root == "" {
			return Data{}, "", fmt.Errorf("train: paper mode needs ImageNet in imagenet/{train,val} of $%s (class folders of JPEGs; "+
				"looked in %s; download it from image-net.org, this project cannot)", fetch.EnvData, &looked)
		}
	default:
		return Data{}, "", fmt.Errorf("train: mode %q, want quick or paper", mode)
	}
	d, err := FolderData(filepath.Join(root, "train"), filepath.Join(root, "val"), cfg.Net.InputSize(), cfg.BatchSize, uint64(cfg.Seed), 0)
	return d, root, err
}

// WithSettings is c with a notebook's settings (run.Settings: epochs, steps per epoch, cells,
// channels, batch, seed; zero keeps c's), validated.
func (c Config) WithSettings(s run.Settings) (Config, error) {
	err := s.Set("train.Config", run.Fields{Epochs: &c.Epochs, Steps: &c.StepsPerEpoch, Layers: &c.Net.Layers,
		Channels: &c.Net.C, Batch: &c.BatchSize, Seed: &c.Seed})
	if err != nil {
		return c, err
	}
	return c, c.Validate()
}
