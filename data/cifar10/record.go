package cifar10

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/data/dataset"
)

const (
	// Height, Width and Channels are the image shape.
	Height, Width, Channels = 32, 32, 3
	// ImageBytes is the size of one image's pixels; RecordBytes adds the label byte.
	ImageBytes  = Height * Width * Channels
	RecordBytes = 1 + ImageBytes
	// NumClasses is the number of labels.
	NumClasses = 10
)

// Classes names the labels in order, as batches.meta.txt does.
var Classes = [NumClasses]string{
	"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
}

// Raw is decoded but unconverted CIFAR-10 data: image i is Pixels[i*ImageBytes:(i+1)*ImageBytes]
// in the file's planar (CHW) order.
type Raw struct {
	Pixels []byte
	Labels []int32
}

// Len is the number of images.
func (r *Raw) Len() int { return len(r.Labels) }

// Images converts r into a normalised NHWC image set.
func (r *Raw) Images(name string, norm dataset.Norm) (*dataset.Images, error) {
	return dataset.FromBytes(name, r.Pixels, r.Labels, Height, Width, Channels, NumClasses, dataset.CHW, norm)
}

// appendBatch decodes the records of one batch file (named file in messages) and appends them to
// r. It checks the size before touching any record so that a truncated download is reported as
// such rather than as a bad label somewhere in the middle.
func (r *Raw) appendBatch(file string, data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("cifar10: %s: empty file, want %d-byte records", file, RecordBytes)
	}
	if rem := len(data) % RecordBytes; rem != 0 {
		return fmt.Errorf("cifar10: %s: size %d is not a multiple of the %d-byte record: %d whole records and %d bytes left over (truncated or not a CIFAR-10 batch file)",
			file, len(data), RecordBytes, len(data)/RecordBytes, rem)
	}
	n := len(data) / RecordBytes
	// Labels first, so a bad file leaves r as it was.
	for i := 0; i < n; i++ {
		if l := data[i*RecordBytes]; l >= NumClasses {
			return fmt.Errorf("cifar10: %s: record %d (byte offset %d): label %d > %d", file, i, i*RecordBytes, l, NumClasses-1)
		}
	}
	r.Pixels = slices.Grow(r.Pixels, n*ImageBytes)
	r.Labels = slices.Grow(r.Labels, n)
	for i := 0; i < n; i++ {
		rec := data[i*RecordBytes : (i+1)*RecordBytes]
		r.Labels = append(r.Labels, int32(rec[0]))
		r.Pixels = append(r.Pixels, rec[1:]...)
	}
	return nil
}
