package imagefolder_test

import (
	"fmt"
	"log"

	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/imagefolder"
)

// Load a custom data set at CIFAR size, normalised like CIFAR-10, and report what was skipped.
func ExampleLoad() {
	res, err := imagefolder.Load("/data/flowers/train", imagefolder.Options{
		Height: 32, Width: 32, Norm: dataset.CIFAR10Norm, SkipBad: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range res.Skipped {
		log.Printf("skipped %s: %v", s.Path, s.Err)
	}
	fmt.Println(res.Images, res.Classes)
}
