package dataset

import "testing"

// synth builds n h×w×c images whose raw byte at (image i, y, x, ch) is (i*7+y*5+x*3+ch) mod 256,
// so every pixel of every image is predictable, with label i mod classes.
func synth(t testing.TB, n, h, w, c, classes int) *Images {
	t.Helper()
	raw := make([]byte, n*h*w*c)
	labels := make([]int32, n)
	for i := 0; i < n; i++ {
		labels[i] = int32(i % classes)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				for ch := 0; ch < c; ch++ {
					raw[((i*h+y)*w+x)*c+ch] = byte(i*7 + y*5 + x*3 + ch)
				}
			}
		}
	}
	norm := Identity
	if c == 3 {
		norm = CIFAR10Norm
	}
	ds, err := FromBytes("synth", raw, labels, h, w, c, classes, HWC, norm)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
