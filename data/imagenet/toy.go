package imagenet

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"github.com/dartsml/godarts/data/dataset"
)

// WriteToy writes a small ImageNet-style data set to root, for trying the ImageNet pipeline and
// network without ImageNet: train/ and val/ folders of classes (class00, class01, …) holding
// trainPerClass and valPerClass PNG images. An image of class k is a pattern of stripes at the
// angle k·180°/classes in a class-dependent colour, with noise and a random size around 64×48, so
// that a network can learn the classes while the crops and jitter still matter.
func WriteToy(root string, classes, trainPerClass, valPerClass int, seed uint64) error {
	if classes < 2 || trainPerClass < 1 || valPerClass < 1 {
		return fmt.Errorf("imagenet: WriteToy: want at least 2 classes and 1 image per class and split, got %d, %d, %d",
			classes, trainPerClass, valPerClass)
	}
	rng := dataset.NewRNG(seed)
	for _, split := range []struct {
		name string
		n    int
	}{{"train", trainPerClass}, {"val", valPerClass}} {
		for k := range classes {
			dir := filepath.Join(root, split.name, fmt.Sprintf("class%02d", k))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("imagenet: WriteToy: %w", err)
			}
			for i := range split.n {
				img := toyImage(&rng, k, classes)
				path := filepath.Join(dir, fmt.Sprintf("%s_%03d.png", split.name, i))
				if err := writePNG(path, img); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func toyImage(rng *dataset.RNG, class, classes int) *image.NRGBA {
	w, h := 56+rng.Intn(17), 40+rng.Intn(17)
	angle := math.Pi * float64(class) / float64(classes)
	dx, dy := math.Cos(angle), math.Sin(angle)
	phase := float64(rng.Intn(1000)) / 1000 * 2 * math.Pi
	base := [3]float64{float64(80 + 170*(class%3)/2), float64(80 + 170*((class/3)%3)/2), 200 - float64(120*class/classes)}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			stripe := 0.5 + 0.5*math.Sin(0.6*(float64(x)*dx+float64(y)*dy)+phase)
			var c [3]uint8
			for ch := range c {
				v := base[ch]*(0.4+0.6*stripe) + float64(rng.Intn(41)-20)
				c[ch] = uint8(max(0, min(255, v)))
			}
			img.SetNRGBA(x, y, color.NRGBA{c[0], c[1], c[2], 255})
		}
	}
	return img
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("imagenet: WriteToy: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("imagenet: WriteToy: %s: %w", path, err)
	}
	return f.Close()
}
