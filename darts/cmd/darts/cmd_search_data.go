package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/imagefolder"
	"github.com/dartsml/godarts/data/mnist"
)

// dataSource is what -data and -data-path name; stored in the run directory (data.json) so that
// -resume reads the same images. Path is made absolute for that reason.
type dataSource struct {
	Name string `json:"data"`
	Path string `json:"data_path,omitempty"`
	// Checksum identifies the loaded images and their split (see checksum), so that -resume
	// refuses other data behind the same name.
	Checksum string `json:"checksum,omitempty"`
	full     bool   // paper mode: CIFAR-10's shared 12,000-image subset does not do
}

// syntheticImages is the size of -data synthetic: enough for a few steps at any batch size.
func syntheticImages(batch int) int { return max(512, 4*batch) }

// load reads the images and splits them in the two halves of the search (cfg.TrainPortion, 0.5
// in the paper; cfg.Split: in file order, or at random with cfg.Seed). It records the resolved location in s.Path.
func (s *dataSource) load(cfg search.RunConfig) (search.Data, error) {
	seed := uint64(cfg.Seed)
	switch s.Name {
	case "cifar10":
		p, err := ensureCIFAR10(s.Path, s.full)
		if err != nil {
			return search.Data{}, s.errorf(err)
		}
		if s.Path, err = filepath.Abs(p); err != nil {
			return search.Data{}, err
		}
		d, err := search.CIFAR10Data(s.Path, cfg)
		return d, s.errorf(err)
	case "mnist", "fashion":
		set, load := mnist.MNIST, mnist.Load
		if s.Name == "fashion" {
			set, load = mnist.Fashion, mnist.LoadFashion
		}
		var err error
		if s.Path == "" { // resolved here rather than inside load, so that data.json pins it
			if s.Path, err = mnist.Ensure(context.Background(), fetch.Getter{}, "", set); err != nil {
				return search.Data{}, s.errorf(err)
			}
		}
		if s.Path, err = filepath.Abs(s.Path); err != nil {
			return search.Data{}, err
		}
		train, _, err := load(s.Path)
		if err != nil {
			return search.Data{}, s.errorf(err)
		}
		// No augmentation: CIFAR's crop with 4-pixel padding is a large shift on 28x28 digits,
		// and digits are not mirror-symmetric.
		d, err := cfg.SplitData(train, dataset.Augment{})
		return d, s.errorf(err)
	case "synthetic":
		if s.Path != "" {
			return search.Data{}, usagef("-data-path: -data synthetic reads no files")
		}
		all, err := search.SyntheticImages(syntheticImages(cfg.BatchSize), seed)
		if err != nil {
			return search.Data{}, s.errorf(err)
		}
		d, err := cfg.SplitData(all, dataset.CIFARSearch)
		return d, s.errorf(err)
	}
	// Anything else is a folder of class folders.
	st, err := os.Stat(s.Name)
	if err != nil || !st.IsDir() {
		return search.Data{}, usagef("-data %q: neither cifar10, mnist, fashion nor synthetic, and not a folder", s.Name)
	}
	if s.Path != "" {
		return search.Data{}, usagef("-data-path: with -data DIR the folder is DIR itself")
	}
	if s.Name, err = filepath.Abs(s.Name); err != nil {
		return search.Data{}, err
	}
	res, err := imagefolder.Load(s.Name, imagefolder.Options{Height: 32, Width: 32, Norm: dataset.CIFAR10Norm})
	if err != nil {
		return search.Data{}, s.errorf(err)
	}
	// Read class by class: an in-order cut would give the weights and α different classes, so a
	// folder is split at random only (runSearch makes that its default -split).
	if cfg.Split != search.SplitRandom {
		return search.Data{}, usagef("-split %s: a -data DIR folder is read class by class, so the weights and α "+
			"would get different classes in file order; it needs -split random", cfg.Split)
	}
	d, err := cfg.SplitData(res.Images, dataset.CIFARSearch)
	return d, s.errorf(err)
}

// isFolder reports whether -data names a folder of class folders rather than a known data set.
func (s *dataSource) isFolder() bool {
	switch s.Name {
	case "cifar10", "mnist", "fashion", "synthetic":
		return false
	}
	return true
}

// errorf prefixes data errors with the flag that chose the data.
func (s *dataSource) errorf(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("-data %s: %w", s.Name, err)
}

func (s *dataSource) describe() string {
	if s.Path == "" {
		return s.Name
	}
	return fmt.Sprintf("%s (%s)", s.Name, s.Path)
}
