package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/cifar10"
)

func TestSyntheticData(t *testing.T) {
	a, err := SyntheticData(100, 3)
	if err != nil {
		t.Fatal(err)
	}
	if a.Train.Len() != 50 || a.Val.Len() != 50 || a.Train.Height != 32 || a.Train.Channels != 3 || a.Train.NumClasses != 10 {
		t.Errorf("halves %v / %v", a.Train, a.Val)
	}
	b, _ := SyntheticData(100, 3)
	c, _ := SyntheticData(100, 4)
	if !slices.Equal(a.Train.Pixels, b.Train.Pixels) || slices.Equal(a.Train.Pixels, c.Train.Pixels) {
		t.Error("synthetic data should depend on the seed, and only on it")
	}
	if _, err := SyntheticData(1, 0); err == nil {
		t.Error("1 image accepted")
	}
}

func TestCIFAR10DataSharedSubset(t *testing.T) {
	p, err := cifar10.Find("")
	if err != nil {
		t.Skipf("no CIFAR-10 here: %v", err)
	}
	d, err := CIFAR10Data(p, PaperRunConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != d.Val.Len() || d.Train.Len() < 1000 || d.Augment.Pad != 4 || !d.Augment.Flip {
		t.Errorf("split %v / %v, augment %+v", d.Train, d.Val, d.Augment)
	}
}

func TestModeCIFAR10Data(t *testing.T) {
	if _, err := ModeCIFAR10Data("fast", QuickRunConfig(1)); err == nil || !strings.Contains(err.Error(), `"fast"`) {
		t.Errorf("mode fast: %v", err)
	}
	if _, err := cifar10.Find(""); err != nil {
		t.Skipf("no CIFAR-10 here: %v", err)
	}
	d, err := ModeCIFAR10Data("quick", QuickRunConfig(1))
	if err != nil || d.Train.Len() == 0 || d.Train.Len() != d.Val.Len() {
		t.Errorf("quick: %v, %v", d.Train, err)
	}
}
