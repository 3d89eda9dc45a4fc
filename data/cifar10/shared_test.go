package cifar10

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dartsml/godarts/data/dataset"
)

// sharedSubset finds the 12,000-image subset at ../shared/data relative to the repository root
// (the folder holding go.mod), or skips.
func sharedSubset(t testing.TB) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found: skipping the test on the real CIFAR-10 subset")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", "cifar10-subset", FolderName)
	if _, err := os.Stat(filepath.Join(p, TestFile)); err != nil {
		t.Skipf("real CIFAR-10 subset not present at %s: skipping (tests on generated files still ran)", p)
	}
	return p
}

func TestSharedSubset(t *testing.T) {
	dir := sharedSubset(t)
	start := time.Now()
	train, test, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %v and %v in %v", train, test, time.Since(start))
	if train.Len() != 10000 || test.Len() != 2000 {
		t.Fatalf("%d train / %d test images, want 10000 / 2000", train.Len(), test.Len())
	}
	for c, n := range test.ClassCounts() {
		if n != 200 {
			t.Errorf("test class %d (%s): %d images, want 200", c, Classes[c], n)
		}
	}
	// Each batch file holds 200 images of each class.
	for b := 0; b < 5; b++ {
		part := train.Subset("batch", seq(b*2000, (b+1)*2000))
		for c, n := range part.ClassCounts() {
			if n != 200 {
				t.Errorf("%s class %d: %d images, want 200", TrainFiles[b], c, n)
			}
		}
	}
	// After normalising with the full-data-set statistics a 10,000-image sample should be near
	// zero mean and unit spread per channel; a channel order or layout mix-up would not be.
	var sum, sq [3]float64
	for i, v := range train.Pixels {
		sum[i%3] += float64(v)
		sq[i%3] += float64(v) * float64(v)
	}
	n := float64(len(train.Pixels) / 3)
	for c := 0; c < 3; c++ {
		mean := sum[c] / n
		std := sq[c]/n - mean*mean
		if mean < -0.1 || mean > 0.1 || std < 0.8 || std > 1.2 {
			t.Errorf("channel %d: normalised mean %.3f variance %.3f, want about 0 and 1", c, mean, std)
		}
	}

	// The search split of the paper: 5,000 / 5,000, roughly class-balanced.
	a, b, err := dataset.SearchSplit(train, 0.5, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []*dataset.Images{a, b} {
		for c, k := range h.ClassCounts() {
			if k < 400 || k > 600 {
				t.Errorf("%s class %d: %d images", h.Name, c, k)
			}
		}
	}
}

func seq(lo, hi int) []int {
	s := make([]int, hi-lo)
	for i := range s {
		s[i] = lo + i
	}
	return s
}

func BenchmarkLoadSharedSubset(b *testing.B) {
	dir := sharedSubset(b)
	for b.Loop() {
		if _, _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}
