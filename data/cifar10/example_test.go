package cifar10_test

import (
	"context"
	"fmt"
	"log"

	"github.com/dartsml/godarts/data/cifar10"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/fetch"
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

// Find a copy, or download the official release (verified, once) into $DARTS_DATA or the user
// cache, and load it.
func ExampleEnsure() {
	path, err := cifar10.Ensure(context.Background(), fetch.Getter{}, "", false)
	if err != nil {
		log.Fatal(err)
	}
	train, test, err := cifar10.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train, test)
}
