package dataset

import (
	"strings"
	"testing"
)

func TestFromBytesLayouts(t *testing.T) {
	const n, h, w, c = 3, 4, 5, 3
	hwc := make([]byte, n*h*w*c)
	chw := make([]byte, n*h*w*c)
	for i := 0; i < n; i++ {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				for ch := 0; ch < c; ch++ {
					v := byte(i*61 + y*17 + x*5 + ch*101)
					hwc[((i*h+y)*w+x)*c+ch] = v
					chw[((i*c+ch)*h+y)*w+x] = v
				}
			}
		}
	}
	labels := []int32{0, 9, 4}
	a, err := FromBytes("hwc", hwc, labels, h, w, c, 10, HWC, CIFAR10Norm)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FromBytes("chw", chw, labels, h, w, c, 10, CHW, CIFAR10Norm)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Pixels {
		if a.Pixels[i] != b.Pixels[i] {
			t.Fatalf("pixel %d: HWC gives %v, CHW gives %v", i, a.Pixels[i], b.Pixels[i])
		}
		ch := i % c
		want := (float32(hwc[i])/255 - CIFAR10Norm.Mean[ch]) / CIFAR10Norm.Std[ch]
		if a.Pixels[i] != want {
			t.Fatalf("pixel %d: got %v, want %v", i, a.Pixels[i], want)
		}
	}
	if got := a.ClassCounts(); got[0] != 1 || got[9] != 1 || got[4] != 1 {
		t.Errorf("ClassCounts = %v", got)
	}
	if pv := a.PadValue(); pv[0] != -CIFAR10Norm.Mean[0]/CIFAR10Norm.Std[0] {
		t.Errorf("PadValue[0] = %v", pv[0])
	}
}

func TestFromBytesErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		raw    []byte
		labels []int32
		c      int
		norm   Norm
		want   string
	}{
		{"short", make([]byte, 5), []int32{0}, 1, Identity, "5 bytes of pixels for 1 labels"},
		{"label", make([]byte, 8), []int32{0, 10}, 1, Identity, "image 1: label 10 outside [0,10)"},
		{"negative", make([]byte, 4), []int32{-1}, 1, Identity, "label -1"},
		{"norm", make([]byte, 20), []int32{0}, 5, Identity, "4 means and 4 stds for 5 channels"},
		{"std", make([]byte, 4), []int32{0}, 1, Norm{Mean: []float32{0}, Std: []float32{0}}, "std[0] = 0"},
	} {
		_, err := FromBytes(tc.name, tc.raw, tc.labels, 2, 2, tc.c, 10, HWC, tc.norm)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s: err = %v, want it to name the set and say %q", tc.name, err, tc.want)
		}
	}
}

func TestSubset(t *testing.T) {
	ds := synth(t, 10, 2, 3, 1, 10)
	sub := ds.Subset("sub", []int{7, 2})
	if sub.Len() != 2 || sub.Labels[0] != 7 || sub.Labels[1] != 2 {
		t.Fatalf("labels %v", sub.Labels)
	}
	for j, i := range []int{7, 2} {
		for k, v := range sub.Image(j) {
			if v != ds.Image(i)[k] {
				t.Fatalf("subset image %d differs from image %d at %d", j, i, k)
			}
		}
	}
}
