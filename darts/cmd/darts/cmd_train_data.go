package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/fetch"
)

// trainSource is the data of a training run (-data, -data-path), stored as data.json so that
// -resume reads the same images.
type trainSource struct {
	Name string `json:"data"`
	Path string `json:"data_path,omitempty"`
	// Checksum identifies the loaded images (see checksum).
	Checksum string `json:"checksum,omitempty"`
	loaded   string // the checksum of what load read; empty for image folders (streamed)
	full     bool   // paper mode: CIFAR-10's shared 12,000-image subset does not do
}

// ensureCIFAR10 is where -data cifar10 is read: -data-path, else the first copy found, else the
// official release downloaded into $DARTS_DATA or the user cache (saying so on stderr). full
// (paper mode) skips the shared 12,000-image subset.
func ensureCIFAR10(path string, full bool) (string, error) {
	return cifar10.Ensure(context.Background(), fetch.Getter{}, path, full)
}

func (s *trainSource) load(cfg train.Config) (train.Data, error) {
	seed := uint64(cfg.Seed)
	if cfg.Net.Kind == evalnet.ImageNet {
		if s.Path != "" {
			return train.Data{}, usagef("-data-path: with -net imagenet the folder is -data DIR itself")
		}
		abs, err := filepath.Abs(s.Name)
		if err != nil {
			return train.Data{}, err
		}
		s.Name = abs
		d, err := train.FolderData(filepath.Join(abs, "train"), filepath.Join(abs, "val"), cfg.Net.InputSize(), cfg.BatchSize, seed, 0)
		return d, s.errorf(err)
	}
	switch s.Name {
	case "cifar10":
		p, err := ensureCIFAR10(s.Path, s.full)
		if err != nil {
			return train.Data{}, s.errorf(err)
		}
		if s.Path, err = filepath.Abs(p); err != nil {
			return train.Data{}, err
		}
		trainSet, testSet, err := cifar10.Load(s.Path)
		if err != nil {
			return train.Data{}, s.errorf(err)
		}
		s.loaded = imagesChecksum(trainSet, testSet)
		d, err := train.ImagesData(trainSet, testSet, cfg.BatchSize, seed, dataset.CIFAREval)
		return d, s.errorf(err)
	case "synthetic":
		n := syntheticImages(cfg.BatchSize)
		sd, err := search.SyntheticData(2*n, seed) // its two halves: training and test images
		if err != nil {
			return train.Data{}, s.errorf(err)
		}
		s.loaded = imagesChecksum(sd.Train, sd.Val)
		d, err := train.ImagesData(sd.Train, sd.Val, cfg.BatchSize, seed, dataset.CIFAREval)
		return d, s.errorf(err)
	}
	return train.Data{}, usagef("-data %q: want cifar10 or synthetic for -net cifar", s.Name)
}

func (s *trainSource) errorf(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("-data %s: %w", s.Name, err)
}

func (s *trainSource) describe() string {
	if s.Path == "" {
		return s.Name
	}
	return fmt.Sprintf("%s (%s)", s.Name, s.Path)
}

// imagesChecksum identifies in-memory images and their labels (see checksum).
func imagesChecksum(sets ...*dataset.Images) string {
	var pixels [][]float32
	var labels [][]int32
	for _, set := range sets {
		pixels, labels = append(pixels, set.Pixels), append(labels, set.Labels)
	}
	return checksum(pixels...) + "/" + checksum(labels...)
}
