package mnist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/dataset"
)

func TestLoadFromGenerated(t *testing.T) {
	for _, zip := range []bool{true, false} {
		dir := t.TempDir()
		genSet(t, dir, 12, zip)
		train, test, err := LoadFrom(dir, "gen", MNISTNorm)
		if err != nil {
			t.Fatal(err)
		}
		if train.Len() != 12 || test.Len() != 12 || train.Height != 28 || train.Channels != 1 || train.Name != "gen/train" {
			t.Fatalf("got %v / %v", train, test)
		}
		if train.Labels[11] != 1 {
			t.Errorf("label 11 = %d", train.Labels[11])
		}
		// Pixel j of the whole train file is byte(j*9 + len("train")).
		j := 5*784 + 300
		if got, want := train.Pixels[j], MNISTNorm.Apply(0, byte(j*9+5)); got != want {
			t.Errorf("pixel %d = %v, want %v", j, got, want)
		}
	}
}

func TestLoadFromErrors(t *testing.T) {
	dir := t.TempDir()
	genSet(t, dir, 4, true)
	write(t, dir, "t10k-labels-idx1-ubyte", idxBytes(TypeUint8, []int{3}, []byte{1, 2, 3}), true)
	_, _, err := LoadFrom(dir, "x", MNISTNorm)
	wantErr(t, err, "4 images but 3 labels")

	write(t, dir, "t10k-labels-idx1-ubyte", idxBytes(TypeUint8, []int{4}, []byte{1, 2, 10, 3}), true)
	_, _, err = LoadFrom(dir, "x", MNISTNorm)
	wantErr(t, err, "t10k-labels-idx1-ubyte.gz: label 2: value 10 > 9")

	write(t, dir, "train-images-idx3-ubyte", idxBytes(TypeUint8, []int{4, 32, 32}, make([]byte, 4096)), true)
	_, _, err = LoadFrom(dir, "x", MNISTNorm)
	wantErr(t, err, "holds 4x32x32 uint8, want N x 28 x 28 uint8 images")

	os.Remove(filepath.Join(dir, "train-images-idx3-ubyte.gz"))
	_, _, err = LoadFrom(dir, "x", MNISTNorm)
	wantErr(t, err, "train-images-idx3-ubyte.gz: no such file")
}

func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one saying %q", err, want)
	}
}

// checkStats loads a real data set and checks counts per class and that its Norm really
// standardises it (mean 0, std 1 over the training set).
func checkStats(t *testing.T, train, test *dataset.Images, perClassMin int) {
	t.Helper()
	if train.Len() != 60000 || test.Len() != 10000 {
		t.Fatalf("%v / %v, want 60000 / 10000 images", train, test)
	}
	for c, n := range train.ClassCounts() {
		if n < perClassMin {
			t.Errorf("%s: class %d has %d images", train.Name, c, n)
		}
	}
	var sum, sq float64
	for _, v := range train.Pixels {
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	n := float64(len(train.Pixels))
	mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
	if mean < -0.005 || mean > 0.005 || variance < 0.99 || variance > 1.01 {
		t.Errorf("%s: normalised mean %.4f variance %.4f, want 0 and 1: the Norm constants are off", train.Name, mean, variance)
	}
}

func TestRealMNIST(t *testing.T) {
	if _, err := Dir(); err != nil {
		t.Skipf("MNIST files not available, skipping: %v", err)
	}
	train, test, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, train, test, 5400) // digit 5 is the rarest: 5421
}

func TestRealFashionMNIST(t *testing.T) {
	if _, err := FashionDir(); err != nil {
		t.Skipf("Fashion-MNIST not installed, skipping: %v", err)
	}
	train, test, err := LoadFashion("")
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, train, test, 6000)
	for c, n := range test.ClassCounts() {
		if n != 1000 {
			t.Errorf("fashion test class %d (%s): %d images", c, FashionClasses[c], n)
		}
	}
}
