package mnist

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/dataset"
	"github.com/dartsml/godarts/data/fetch"
)

const (
	// Height and Width are the image size; the images have one channel.
	Height, Width = 28, 28
	// NumClasses is the number of labels (digits, or clothing kinds for Fashion-MNIST).
	NumClasses = 10
)

// MNISTNorm and FashionNorm are the training-set pixel mean and standard deviation (on the 0-1
// scale) of each data set; the test suite recomputes them from the real files.
var (
	MNISTNorm   = dataset.Norm{Mean: []float32{0.1307}, Std: []float32{0.3081}}
	FashionNorm = dataset.Norm{Mean: []float32{0.2860}, Std: []float32{0.3530}}
)

// FashionClasses names the Fashion-MNIST labels in order.
var FashionClasses = [NumClasses]string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// split names the two files of one half of the data set, without the optional ".gz".
type split struct{ name, images, labels string }

var files = []split{
	{"train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"},
	{"test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"},
}

// Load reads MNIST from dir; when dir is "", from where Dir finds it, else from the official
// files downloaded once (Ensure) into $DARTS_DATA or the user cache.
func Load(dir string) (train, test *dataset.Images, err error) {
	if dir == "" {
		if dir, err = Ensure(context.Background(), fetch.Getter{}, "", MNIST); err != nil {
			return nil, nil, err
		}
	}
	return LoadFrom(dir, "mnist", MNISTNorm)
}

// LoadFashion reads Fashion-MNIST from dir; when dir is "", from where FashionDir finds it,
// else from the official files downloaded once (Ensure) into $DARTS_DATA or the user cache.
func LoadFashion(dir string) (train, test *dataset.Images, err error) {
	if dir == "" {
		if dir, err = Ensure(context.Background(), fetch.Getter{}, "", Fashion); err != nil {
			return nil, nil, err
		}
	}
	return LoadFrom(dir, "fashion-mnist", FashionNorm)
}

// LoadFrom reads any data set laid out like MNIST (the four IDX files, gzipped or not, under the
// original names) from dir, naming the sets name+"/train" and name+"/test".
func LoadFrom(dir, name string, norm dataset.Norm) (train, test *dataset.Images, err error) {
	var out [2]*dataset.Images
	for i, s := range files {
		imgs, err := readImages(find(dir, s.images))
		if err != nil {
			return nil, nil, err
		}
		labels, err := readLabels(find(dir, s.labels))
		if err != nil {
			return nil, nil, err
		}
		if imgs.Dims[0] != len(labels) {
			return nil, nil, fmt.Errorf("mnist: %s: %d images but %d labels in %s", dir, imgs.Dims[0], len(labels), s.labels)
		}
		out[i], err = dataset.FromBytes(name+"/"+s.name, imgs.Data, labels, Height, Width, 1, NumClasses, dataset.HWC, norm)
		if err != nil {
			return nil, nil, fmt.Errorf("mnist: %s: %w", dir, err)
		}
	}
	return out[0], out[1], nil
}

// find prefers the gzipped file, as distributed, and falls back to an unpacked one; when neither
// exists it returns the .gz name so the error names what was expected.
func find(dir, base string) string {
	gz := filepath.Join(dir, base+".gz")
	if _, err := os.Stat(gz); err == nil {
		return gz
	}
	if plain := filepath.Join(dir, base); fileExists(plain) {
		return plain
	}
	return gz
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// hasFiles reports whether dir holds all four files.
func hasFiles(dir string) bool {
	for _, s := range files {
		if !fileExists(find(dir, s.images)) || !fileExists(find(dir, s.labels)) {
			return false
		}
	}
	return true
}

func readImages(path string) (*IDX, error) {
	x, err := ReadIDX(path)
	if err != nil {
		return nil, err
	}
	if x.Type != TypeUint8 || len(x.Dims) != 3 || x.Dims[1] != Height || x.Dims[2] != Width {
		return nil, fmt.Errorf("mnist: %s: holds %s %s, want N x %d x %d uint8 images", path, shape(x.Dims), x.TypeName(), Height, Width)
	}
	return x, nil
}

func readLabels(path string) ([]int32, error) {
	x, err := ReadIDX(path)
	if err != nil {
		return nil, err
	}
	if x.Type != TypeUint8 || len(x.Dims) != 1 {
		return nil, fmt.Errorf("mnist: %s: holds %s %s, want N uint8 labels", path, shape(x.Dims), x.TypeName())
	}
	labels := make([]int32, len(x.Data))
	for i, v := range x.Data {
		if v >= NumClasses {
			return nil, fmt.Errorf("mnist: %s: label %d: value %d > %d", path, i, v, NumClasses-1)
		}
		labels[i] = int32(v)
	}
	return labels, nil
}
