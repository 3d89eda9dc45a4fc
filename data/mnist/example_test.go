package mnist_test

import (
	"fmt"
	"log"
	"path/filepath"

	"github.com/dartsml/godarts/data/mnist"
)

// With no folder given, Load finds the copy in the GoMNIST module.
func ExampleLoad() {
	train, test, err := mnist.Load("")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train)
	fmt.Println(test)
	// Output:
	// mnist/train: 60000 images 28x28x1, 10 classes
	// mnist/test: 10000 images 28x28x1, 10 classes
}

// Fashion-MNIST comes from Debian's dataset-fashion-mnist package by default.
func ExampleLoadFashion() {
	train, _, err := mnist.LoadFashion("")
	if err != nil {
		log.Fatal(err) // says: apt-get install dataset-fashion-mnist
	}
	fmt.Println(mnist.FashionClasses[train.Labels[0]])
}

// ReadIDX parses any IDX file.
func ExampleReadIDX() {
	dir, err := mnist.Dir()
	if err != nil {
		log.Fatal(err)
	}
	x, err := mnist.ReadIDX(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(x.TypeName(), x.Dims, x.Data[:5])
	// Output: uint8 [10000] [7 2 1 0 4]
}
