package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/fetch"
	"github.com/dartsml/godarts/data/imagefolder"
)

// trainSource is the data of a training run (-data, -data-path), stored as data.json so that
// -resume reads the same images.
type trainSource struct {
	Name string `json:"data"`
	Path string `json:"data_path,omitempty"`
	// Checksum identifies the loaded images (see checksum), or an image folder's files (see
	// folderIdentity).
	Checksum string `json:"checksum,omitempty"`
	loaded   string // the checksum of what load read
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
		if err != nil {
			return train.Data{}, s.errorf(err)
		}
		s.loaded, err = folderIdentity(abs)
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
		d, err := train.ImagesData(trainSet, testSet, cfg.BatchSize, seed, cfg.CIFARAugment())
		return d, s.errorf(err)
	case "synthetic":
		n := syntheticImages(cfg.BatchSize)
		sd, err := search.SyntheticData(2*n, seed) // its two halves: training and test images
		if err != nil {
			return train.Data{}, s.errorf(err)
		}
		s.loaded = imagesChecksum(sd.Train, sd.Val)
		d, err := train.ImagesData(sd.Train, sd.Val, cfg.BatchSize, seed, cfg.CIFARAugment())
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

// folderIdentity identifies an ImageNet-style folder's images without reading them (the
// training streams them; hashing 140 GB of pixels would take longer than an epoch): a hash of
// each image's path under root, class and size in bytes, in imagefolder.Scan's sorted order,
// for train/ and val/. Listing and stat-ing ImageNet's 1.3 million files takes seconds. It
// changes when images are added, removed, renamed, moved to another class or rewritten at
// another size, so -resume refuses a folder that is not the one the run trained on.
func folderIdentity(root string) (string, error) {
	h := sha256.New()
	for _, split := range []string{"train", "val"} {
		classes, paths, labels, err := imagefolder.Scan(filepath.Join(root, split))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s: %d classes\n", split, len(classes))
		for _, c := range classes {
			fmt.Fprintf(h, "class %s\n", c)
		}
		for i, p := range paths {
			st, err := os.Stat(p)
			if err != nil {
				return "", err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", filepath.ToSlash(rel), labels[i], st.Size())
		}
	}
	return fmt.Sprintf("files-sha256:%x", h.Sum(nil)[:8]), nil
}
