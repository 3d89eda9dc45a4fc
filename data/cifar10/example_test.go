package cifar10_test

import (
	"fmt"
	"log"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
)

// Load the data set from a folder (or the tarball) and set up the search split.
func ExampleLoad() {
	train, test, err := cifar10.Load("../shared/data/cifar10-subset/cifar-10-batches-bin")
	if err != nil {
		log.Fatal(err)
	}
	weights, arch, err := dataset.SearchSplit(train, 0.5, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(weights.Len(), arch.Len(), test.Len())
}

// Fetch the official tarball once into the user cache and load it.
func ExampleDownload() {
	dir, err := cifar10.DefaultCacheDir()
	if err != nil {
		log.Fatal(err)
	}
	tarball, err := cifar10.Download(dir)
	if err != nil {
		log.Fatal(err)
	}
	train, test, err := cifar10.Load(tarball)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train, test)
}
