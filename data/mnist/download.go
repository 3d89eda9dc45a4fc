package mnist

import (
	"context"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/fetch"
)

// Set describes one of the two data sets for finding and downloading it.
type Set struct {
	Name   string // in `darts download` and under a mirror: "mnist", "fashion-mnist"
	Title  string // for messages
	Folder string // sub-folder of a data root
	Files  []fetch.File
}

// MNIST's four files. The MD5s are torchvision's, and equal those of the copies the GoMNIST
// module ships (checked on the development machine), so they are the original files. The
// original site (yann.lecun.com) often refuses downloads; the S3 copy torchvision uses comes
// first.
var MNIST = &Set{Name: "mnist", Title: "MNIST", Folder: "mnist", Files: idxFiles(
	[]string{"https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"},
	"f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
	"9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c")}

// Fashion is Fashion-MNIST's four files, with the MD5s Zalando's README publishes; torchvision
// pins the same four (FashionMNIST.resources in Debian's python3-torchvision 0.14.1, compared
// 2026-12-06). They have not been checked against a download here (no network); Debian's
// package recompresses the files, so its copies have other digests.
var Fashion = &Set{Name: "fashion-mnist", Title: "Fashion-MNIST", Folder: "fashion-mnist", Files: idxFiles(
	[]string{"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"},
	"8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
	"bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310")}

// idxFiles lists the four .gz files (train images, train labels, test images, test labels)
// under each base URL with their MD5s in the same order.
func idxFiles(bases []string, sums ...string) []fetch.File {
	var out []fetch.File
	i := 0
	for _, s := range files {
		for _, name := range []string{s.images, s.labels} {
			f := fetch.File{Name: name + ".gz", Sum: "md5:" + sums[i]}
			for _, b := range bases {
				f.URLs = append(f.URLs, b+f.Name)
			}
			out = append(out, f)
			i++
		}
	}
	return out
}

// Download makes root/<set.Folder> hold the four verified files and returns that folder,
// which LoadFrom accepts. A folder already holding them is kept without touching the network.
// Progress goes to stderr.
func Download(root string, set *Set) (string, error) {
	return Fetch(context.Background(), fetch.Getter{}, root, set)
}

// Fetch is Download with the getter's knobs. The files are downloaded (resumably) into
// fetch.Staging and moved into a folder renamed into place when all four are verified.
func Fetch(ctx context.Context, g fetch.Getter, root string, set *Set) (string, error) {
	dest := filepath.Join(root, set.Folder)
	if hasFiles(dest) {
		return dest, nil
	}
	g.Dataset = set.Name
	staging := fetch.Staging(root, set.Name)
	for _, f := range set.Files {
		if _, err := g.Get(ctx, f, staging); err != nil {
			fetch.Tidy(root, set.Name)
			return "", err
		}
	}
	err := fetch.Install(dest, func(tmp string) error {
		for _, f := range set.Files {
			if err := os.Rename(filepath.Join(staging, f.Name), filepath.Join(tmp, f.Name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	fetch.Cleanup(root, set.Name)
	return dest, nil
}

// Ensure returns the folder of set for LoadFrom: Dir's (FashionDir's), else the official files
// downloaded into fetch.Root() after saying so on g.Progress. An explicit path is never
// downloaded to: it is returned as given.
func Ensure(ctx context.Context, g fetch.Getter, path string, set *Set) (string, error) {
	if path != "" {
		return path, nil
	}
	var looked fetch.Lookup
	if d, err := dir(set, &looked); err == nil {
		return d, nil
	}
	return fetch.Ensure(g, set.Name, set.Title, &looked, func(root string) (string, error) {
		return Fetch(ctx, g, root, set)
	})
}
