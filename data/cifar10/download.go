package cifar10

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// URL and MD5 identify the official binary release; the digest is the one the CIFAR page
// (https://www.cs.toronto.edu/~kriz/cifar.html) publishes, and the one independent loaders of
// the binary release pin (torchvision pins only the Python release's, another file). It has
// not been checked against a download on the development machines (no network there).
const (
	URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
	MD5 = "c32a1d4ab5d03f1284b67883e8d87530"
)

// Official is the release as fetch downloads it.
var Official = fetch.File{Name: TarballName, URLs: []string{URL}, Sum: "md5:" + MD5}

// Name is the data set's name in `darts download` and under a mirror.
const Name = "cifar10"

// Download makes root/cifar-10-batches-bin an extracted copy of the verified official tarball
// and returns that folder, which Load accepts. A complete folder already there is kept without
// touching the network. Progress goes to stderr.
func Download(root string) (string, error) {
	return Fetch(context.Background(), fetch.Getter{}, root)
}

// Fetch is Download with the getter's knobs (progress output, client, mirror). The tarball is
// downloaded (resumably) into fetch.Staging(root, "cifar10"), its batch files extracted into a
// temporary folder renamed into place, and the tarball removed.
func Fetch(ctx context.Context, g fetch.Getter, root string) (string, error) {
	dest := filepath.Join(root, FolderName)
	if complete(dest) {
		return dest, nil
	}
	g.Dataset = Name
	staging := fetch.Staging(root, Name)
	tarball, err := g.Get(ctx, Official, staging)
	if err != nil {
		fetch.Tidy(root, Name) // keeps a .part to resume from
		return "", err
	}
	if err := fetch.Install(dest, func(tmp string) error { return extractTarball(tarball, tmp) }); err != nil {
		return "", err
	}
	fetch.Cleanup(root, Name)
	return dest, nil
}

// complete reports whether dir holds all six batch files.
func complete(dir string) bool {
	for _, name := range append([]string{TestFile}, TrainFiles...) {
		if !fetch.Exists(filepath.Join(dir, name)) {
			return false
		}
	}
	return true
}

// Ensure returns a CIFAR-10 location for Load: Find's (FindFull's when full is set: the shared
// 12,000-image subset does not count), else the official release downloaded into fetch.Root()
// after saying so on g.Progress. An explicit path is never downloaded to: it must exist.
func Ensure(ctx context.Context, g fetch.Getter, path string, full bool) (string, error) {
	var looked fetch.Lookup
	p, err := find(path, full, &looked)
	if err == nil || path != "" {
		return p, err
	}
	return fetch.Ensure(g, Name, "CIFAR-10", &looked, func(root string) (string, error) {
		return Fetch(ctx, g, root)
	})
}

// errNotFound is Find's error: every place tried, and how to get the data.
func errNotFound(looked *fetch.Lookup) error {
	return fmt.Errorf("CIFAR-10 not found (looked in %s); run `darts download cifar10`, set %s to a folder "+
		"holding %s, or pass its folder or tarball explicitly", looked, fetch.EnvData, FolderName)
}

// ForMode is Ensure for a notebook's DARTS_MODE: "quick" (or "") takes any copy, the shared
// subset included; "paper" needs the full 50,000 training images.
func ForMode(mode string) (string, error) {
	if mode != "" && mode != "quick" && mode != "paper" {
		return "", fmt.Errorf("cifar10: mode %q, want quick or paper", mode)
	}
	return Ensure(context.Background(), fetch.Getter{}, "", mode == "paper")
}
