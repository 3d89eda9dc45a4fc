package search

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
)

// SplitData makes a search's Data from a training set with a random split: portion of the images
// for the weights, the rest for α, by a seeded permutation (dataset.SearchSplit). This is
// RunConfig.Split "random"; RunConfig.SplitData picks by the configuration.
func SplitData(all *dataset.Images, portion float64, seed uint64, augment dataset.Augment) (Data, error) {
	train, val, err := dataset.SearchSplit(all, portion, seed)
	if err != nil {
		return Data{}, err
	}
	return Data{Train: train, Val: val, Augment: augment, Split: SplitRandom}, nil
}

// SplitData splits a training set for this search: under Split "reference" the first
// TrainPortion of the images in file order for the weights and the rest for α, as
// train_search.py (dataset.SplitInOrder); otherwise the random split of the package's SplitData.
// The in-order cut needs images in no particular order of class, as CIFAR-10's and MNIST's files
// are; a folder data set read class by class needs the random split. The configuration's Cutout,
// when set, is added to augment.
func (c RunConfig) SplitData(all *dataset.Images, augment dataset.Augment) (Data, error) {
	if c.Cutout > 0 {
		augment.Cutout = c.Cutout
	}
	if !c.splitReference() {
		return SplitData(all, c.TrainPortion, uint64(c.Seed), augment)
	}
	train, val, err := dataset.SplitInOrder(all, c.TrainPortion)
	if err != nil {
		return Data{}, err
	}
	return Data{Train: train, Val: val, Augment: augment, Split: FollowReference}, nil
}

// checkSplit refuses data that was not split the way c says (Data.Split): the configuration is
// what a run folder stores, so it must describe the data the search got. A Split of "" in c is
// the random split (configurations stored before the option); in data, a hand-built Data that
// does not say how it was cut.
func (c RunConfig) checkSplit(d Data) error {
	want := SplitRandom
	if c.splitReference() {
		want = FollowReference
	}
	if d.Split == want {
		return nil
	}
	got := strconv.Quote(d.Split)
	if d.Split == "" {
		got = "an unstated way (Data.Split is empty)"
	}
	return fmt.Errorf("search: the configuration's Split is %q but its data was split %s: "+
		"build the data with RunConfig.SplitData, or set Split to the split the data got", want, got)
}

// CIFAR10Data loads CIFAR-10's training set from path (see cifar10.Find for where an empty path
// looks) and splits it for the search cfg (RunConfig.SplitData), with the search's augmentation
// (random crop with 4-pixel padding, horizontal flip). The test set is not used by the search.
func CIFAR10Data(path string, cfg RunConfig) (Data, error) {
	p, err := cifar10.Find(path)
	if err != nil {
		return Data{}, err
	}
	train, _, err := cifar10.Load(p)
	if err != nil {
		return Data{}, err
	}
	return cfg.SplitData(train, dataset.CIFARSearch)
}

// SyntheticImages is n random CIFAR-shaped images (32×32×3, uniform bytes, 10 uniform labels):
// nothing to learn, for smoke tests and benchmarks that need no files. Their order has no
// classes in it, so either split of RunConfig.SplitData suits them.
func SyntheticImages(n int, seed uint64) (*dataset.Images, error) {
	if n < 2 {
		return nil, errors.New("search: synthetic data needs at least 2 images")
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
	return dataset.FromBytes("synthetic", raw, labels, 32, 32, 3, 10, dataset.HWC, dataset.CIFAR10Norm)
}

// SyntheticData is SyntheticImages split at random in two halves (Split SplitRandom).
func SyntheticData(n int, seed uint64) (Data, error) {
	all, err := SyntheticImages(n, seed)
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
	return CIFAR10Data(p, cfg)
}
