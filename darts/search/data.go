package search

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
)

// EnvData names a data folder: CIFAR-10 is looked for in $DARTS_DATA/cifar-10-batches-bin (or
// the official tarball directly in $DARTS_DATA); data/mnist reads its own sub-folders of it.
const EnvData = "DARTS_DATA"

// sharedSubset is where the team's 12,000-image CIFAR-10 subset lives, relative to the
// repository root (CI puts shared/ next to the clone).
var sharedSubset = filepath.Join("..", "shared", "data", "cifar10-subset", cifar10.FolderName)

// FindCIFAR10 returns the CIFAR-10 location cifar10.Load should read, trying in order:
//  1. path, when not empty (a folder or the tarball; an error if it does not exist);
//  2. $DARTS_DATA/cifar-10-batches-bin, or $DARTS_DATA/cifar-10-binary.tar.gz;
//  3. ../shared/data/cifar10-subset/cifar-10-batches-bin next to the repository root (the
//     nearest folder holding go.mod, from the working directory up), so it works from the
//     root, from notebooks/ and from a package's test;
//  4. the tarball in cifar10.DefaultCacheDir(), where cifar10.Download leaves it.
//
// It never downloads: a missing data set is an error listing every place tried.
func FindCIFAR10(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("CIFAR-10: %w", err)
		}
		return path, nil
	}
	var tried []string
	try := func(p string) bool {
		tried = append(tried, p)
		_, err := os.Stat(p)
		return err == nil
	}
	if root := os.Getenv(EnvData); root != "" {
		for _, p := range []string{filepath.Join(root, cifar10.FolderName), filepath.Join(root, cifar10.TarballName)} {
			if try(p) {
				return p, nil
			}
		}
	}
	if root, ok := repoRoot(); ok {
		if p := filepath.Join(root, sharedSubset); try(filepath.Clean(p)) {
			return filepath.Clean(p), nil
		}
	}
	if cache, err := cifar10.DefaultCacheDir(); err == nil {
		if p := filepath.Join(cache, cifar10.TarballName); try(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("CIFAR-10 not found (tried %s); pass its folder or tarball explicitly, set %s, "+
		"or fetch the official tarball once with cifar10.Download(cifar10.DefaultCacheDir())",
		strings.Join(tried, ", "), EnvData)
}

// repoRoot is the nearest folder at or above the working directory that holds a go.mod.
func repoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// SplitData makes a search's Data from a training set: the paper's split (portion of the images
// for the weights, the rest for α), a seeded permutation (dataset.SearchSplit).
func SplitData(all *dataset.Images, portion float64, seed uint64, augment dataset.Augment) (Data, error) {
	train, val, err := dataset.SearchSplit(all, portion, seed)
	if err != nil {
		return Data{}, err
	}
	return Data{Train: train, Val: val, Augment: augment}, nil
}

// CIFAR10Data loads CIFAR-10's training set from path (see FindCIFAR10 for where an empty path
// looks) and splits it as the paper's search does, with its augmentation (random crop with
// 4-pixel padding, horizontal flip). The test set is not used by the search.
func CIFAR10Data(path string, portion float64, seed uint64) (Data, error) {
	p, err := FindCIFAR10(path)
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
// whatever FindCIFAR10 finds first (on CI: the shared 12,000-image subset). Paper mode needs all
// 50,000 training images: $DARTS_DATA's copy when there is one, else it downloads the official
// tarball (170 MB, MD5-checked, once) into cifar10.DefaultCacheDir() — the one place this
// project downloads data, and only when paper mode is asked for.
func ModeCIFAR10Data(mode string, cfg RunConfig) (Data, error) {
	path := ""
	switch mode {
	case "", "quick":
	case "paper":
		if root := os.Getenv(EnvData); root == "" || !exists(filepath.Join(root, cifar10.FolderName)) {
			cache, err := cifar10.DefaultCacheDir()
			if err != nil {
				return Data{}, err
			}
			if path, err = cifar10.Download(cache); err != nil {
				return Data{}, err
			}
		}
	default:
		return Data{}, fmt.Errorf("search: mode %q, want quick or paper", mode)
	}
	return CIFAR10Data(path, cfg.TrainPortion, uint64(cfg.Seed))
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
