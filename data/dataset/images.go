package dataset

import (
	"fmt"
	"slices"
)

// Layout is the order of the raw bytes of one image handed to FromBytes.
type Layout int

const (
	// HWC is interleaved: pixel by pixel, channels innermost (MNIST, most image files).
	HWC Layout = iota
	// CHW is planar: a whole H×W plane per channel (the CIFAR-10 binary records).
	CHW
)

func (l Layout) String() string {
	switch l {
	case HWC:
		return "HWC"
	case CHW:
		return "CHW"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// Images is an in-memory labelled image set.
//
// Pixels holds N images in NHWC order, normalised with Norm; image i is
// Pixels[i*H*W*C : (i+1)*H*W*C]. Labels[i] is in [0, NumClasses).
type Images struct {
	Name                    string
	Height, Width, Channels int
	NumClasses              int
	Pixels                  []float32
	Labels                  []int32
	Norm                    Norm
}

// FromBytes converts raw 8-bit images (n = len(labels) of them, each h·w·c bytes in the given
// layout) into a normalised NHWC Images. Labels must lie in [0, numClasses).
func FromBytes(name string, raw []byte, labels []int32, h, w, c, numClasses int, layout Layout, norm Norm) (*Images, error) {
	if h <= 0 || w <= 0 || c <= 0 {
		return nil, fmt.Errorf("dataset: %s: bad image shape %dx%dx%d", name, h, w, c)
	}
	if layout != HWC && layout != CHW {
		return nil, fmt.Errorf("dataset: %s: unknown layout %v", name, layout)
	}
	if err := norm.check(c); err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", name, err)
	}
	n, size := len(labels), h*w*c
	if len(raw) != n*size {
		return nil, fmt.Errorf("dataset: %s: %d bytes of pixels for %d labels of %dx%dx%d images, want %d",
			name, len(raw), n, h, w, c, n*size)
	}
	for i, l := range labels {
		if l < 0 || int(l) >= numClasses {
			return nil, fmt.Errorf("dataset: %s: image %d: label %d outside [0,%d)", name, i, l, numClasses)
		}
	}
	ds := &Images{
		Name: name, Height: h, Width: w, Channels: c, NumClasses: numClasses,
		Pixels: make([]float32, n*size),
		Labels: slices.Clone(labels),
		Norm:   Norm{Mean: slices.Clone(norm.Mean[:c]), Std: slices.Clone(norm.Std[:c])},
	}
	convert(ds.Pixels, raw, n, h*w, c, layout, norm.lut(c))
	return ds, nil
}

// Len is the number of images.
func (d *Images) Len() int { return len(d.Labels) }

// ImageSize is the number of float32 values per image (H·W·C).
func (d *Images) ImageSize() int { return d.Height * d.Width * d.Channels }

// Image returns image i as a sub-slice of Pixels (no copy) in HWC order.
func (d *Images) Image(i int) []float32 {
	s := d.ImageSize()
	return d.Pixels[i*s : (i+1)*s : (i+1)*s]
}

// Subset copies the images at the given indices, in that order, into a new Images.
func (d *Images) Subset(name string, idx []int) *Images {
	s := d.ImageSize()
	out := &Images{
		Name: name, Height: d.Height, Width: d.Width, Channels: d.Channels, NumClasses: d.NumClasses,
		Pixels: make([]float32, len(idx)*s),
		Labels: make([]int32, len(idx)),
		Norm:   d.Norm,
	}
	for j, i := range idx {
		copy(out.Pixels[j*s:(j+1)*s], d.Pixels[i*s:(i+1)*s])
		out.Labels[j] = d.Labels[i]
	}
	return out
}

// ClassCounts returns the number of images per class.
func (d *Images) ClassCounts() []int {
	counts := make([]int, d.NumClasses)
	for _, l := range d.Labels {
		counts[l]++
	}
	return counts
}

// PadValue is the normalised value of a black (raw 0) pixel in each channel: what zero padding
// before normalisation becomes, as in the reference's RandomCrop(32, padding=4) on raw images.
func (d *Images) PadValue() []float32 {
	v := make([]float32, d.Channels)
	for c := range v {
		v[c] = d.Norm.Apply(c, 0)
	}
	return v
}

// String describes the set briefly, e.g. "cifar10/train: 10000 images 32x32x3, 10 classes".
func (d *Images) String() string {
	return fmt.Sprintf("%s: %d images %dx%dx%d, %d classes", d.Name, d.Len(), d.Height, d.Width, d.Channels, d.NumClasses)
}
