package search

import (
	"errors"
	"math/rand/v2"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
)

// SplitData makes a search's Data from a training set: the paper's split (portion of the images
// for the weights, the rest for α), a seeded permutation (dataset.SearchSplit).
func SplitData(all *dataset.Images, portion float64, seed uint64, augment dataset.Augment) (Data, error) {
	train, val, err := dataset.SearchSplit(all, portion, seed)
	if err != nil {
		return Data{}, err
	}
	return Data{Train: train, Val: val, Augment: augment}, nil
}

// CIFAR10Data loads CIFAR-10's training set from path (see cifar10.Find for where an empty path
// looks) and splits it as the paper's search does, with its augmentation (random crop with
// 4-pixel padding, horizontal flip). The test set is not used by the search.
func CIFAR10Data(path string, portion float64, seed uint64) (Data, error) {
	p, err := cifar10.Find(path)
	if err != nil {
		return Data{}, err
	}
	train, _, err := cifar10.Load(p)
	if err != nil {
		return Data{}, err
	}
	return SplitData(train, portion, seed, dataset.CIFARSearch)
}

// SyntheticData is n random CIFAR-shaped images (32×32×3, uniform bytes, 10 uniform labels),
// split in two halves: nothing to learn, for smoke tests and benchmarks that need no files.
func SyntheticData(n int, seed uint64) (Data, error) {
	if n < 2 {
		return Data{}, errors.New("search: synthetic data needs at least 2 images")
	}
	rng := rand.New(rand.NewPCG(seed, 0x5717))
	raw := make([]byte, n*32*32*3)
	for i := range raw {
		raw[i] = byte(rng.IntN(256))
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(10))
	}
	all, err := dataset.FromBytes("synthetic", raw, labels, 32, 32, 3, 10, dataset.HWC, dataset.CIFAR10Norm)
	if err != nil {
		return Data{}, err
	}
	return SplitData(all, 0.5, seed, dataset.CIFARSearch)
}

// ModeCIFAR10Data is the CIFAR-10 search data of a notebook's DARTS_MODE. Quick mode reads
// whatever cifar10.Find finds first (on CI: the shared 12,000-image subset); paper mode needs all
// 50,000 training images. Either downloads the official release (170 MB, MD5-checked, once)
// into $DARTS_DATA or the user cache when no suitable copy is there, saying so on stderr.
func ModeCIFAR10Data(mode string, cfg RunConfig) (Data, error) {
	p, err := cifar10.ForMode(mode)
	if err != nil {
		return Data{}, err
	}
	return CIFAR10Data(p, cfg.TrainPortion, uint64(cfg.Seed))
}
