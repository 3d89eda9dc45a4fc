package imagenet

import (
	"fmt"
	"image"
	"math"

	"github.com/dartsml/godarts/data/dataset"
)

// ImageNetNorm holds the channel statistics (R, G, B) that torchvision's ImageNet models and the
// DARTS reference (train_imagenet.py) normalise with.
var ImageNetNorm = dataset.Norm{
	Mean: []float32{0.485, 0.456, 0.406},
	Std:  []float32{0.229, 0.224, 0.225},
}

// Default RandomResizedCrop bounds: a crop covers 8% to 100% of the image area with an aspect
// ratio (width/height) between 3/4 and 4/3.
var (
	DefaultScale = [2]float64{0.08, 1}
	DefaultRatio = [2]float64{3.0 / 4, 4.0 / 3}
)

// DARTSJitter is the ColorJitter of the DARTS ImageNet training script.
var DARTSJitter = Jitter{Brightness: 0.4, Contrast: 0.4, Saturation: 0.4, Hue: 0.2}

// Transform turns one image file into a Size×Size RGB input.
type Transform struct {
	// Size is the side of the square output (224 in the reference).
	Size int
	// Train selects the random training pipeline: RandomResizedCrop(Size, Scale, Ratio), then
	// Flip and Jitter. Otherwise the image is resized so its shorter side is Resize and the
	// centre Size×Size window is kept (Resize(256) + CenterCrop(224) in the reference).
	Train bool
	// Resize is the evaluation pipeline's shorter side; it must be at least Size.
	Resize int
	// Scale bounds the crop's share of the image area and Ratio its width/height; the zero
	// values mean DefaultScale and DefaultRatio.
	Scale, Ratio [2]float64
	// Flip mirrors the crop left-right with probability 1/2 (training only).
	Flip bool
	// Jitter perturbs the colours (training only); the zero value leaves them alone.
	Jitter Jitter
	// Norm standardises the [0,1] pixel values per channel; the zero value means ImageNetNorm.
	Norm dataset.Norm
}

// TrainTransform is the DARTS ImageNet training pipeline at output size size (224 there):
// RandomResizedCrop, random horizontal flip, DARTSJitter, ImageNetNorm.
func TrainTransform(size int) Transform {
	return Transform{Size: size, Train: true, Scale: DefaultScale, Ratio: DefaultRatio,
		Flip: true, Jitter: DARTSJitter, Norm: ImageNetNorm}
}

// EvalTransform is the evaluation pipeline: shorter side to resize (256 in the reference),
// centre crop size (224), ImageNetNorm.
func EvalTransform(size, resize int) Transform {
	return Transform{Size: size, Resize: resize, Norm: ImageNetNorm}
}

// withDefaults fills the zero values that stand for defaults and checks the rest.
func (t Transform) withDefaults() (Transform, error) {
	if t.Scale == [2]float64{} {
		t.Scale = DefaultScale
	}
	if t.Ratio == [2]float64{} {
		t.Ratio = DefaultRatio
	}
	if t.Norm.Mean == nil && t.Norm.Std == nil {
		t.Norm = ImageNetNorm
	}
	switch {
	case t.Size <= 0:
		return t, fmt.Errorf("imagenet: transform size %d must be positive", t.Size)
	case !t.Train && t.Resize < t.Size:
		return t, fmt.Errorf("imagenet: evaluation resize %d must be at least the crop size %d", t.Resize, t.Size)
	case !(0 < t.Scale[0] && t.Scale[0] <= t.Scale[1] && t.Scale[1] <= 1):
		return t, fmt.Errorf("imagenet: crop scale %v, want 0 < min <= max <= 1", t.Scale)
	case !(0 < t.Ratio[0] && t.Ratio[0] <= t.Ratio[1]):
		return t, fmt.Errorf("imagenet: crop ratio %v, want 0 < min <= max", t.Ratio)
	case len(t.Norm.Mean) < 3 || len(t.Norm.Std) < 3:
		return t, fmt.Errorf("imagenet: norm needs 3 means and 3 stds, has %d and %d", len(t.Norm.Mean), len(t.Norm.Std))
	}
	for c, s := range t.Norm.Std[:3] {
		if !(s > 0) {
			return t, fmt.Errorf("imagenet: norm std[%d] = %v, want > 0", c, s)
		}
	}
	return t, t.Jitter.check()
}

// plan is everything that decides one output image: which region of the source is resized to
// which size, which Size×Size window of the result is kept, and the random colour changes.
type plan struct {
	box                image.Rectangle // source region, relative to the image's top-left corner
	resizedW, resizedH int             // size the box is resized to (width, height)
	left, top          int             // kept window of the resized box
	flip               bool
	jitter             jitterDraw
}

// plan draws the random choices for a width×height source, always in the same order (crop,
// flip, jitter) from r.
func (t *Transform) plan(r *dataset.RNG, width, height int) plan {
	if !t.Train {
		return t.evalPlan(width, height)
	}
	p := plan{box: randomResizedCrop(r, width, height, t.Scale, t.Ratio), resizedW: t.Size, resizedH: t.Size}
	if t.Flip {
		p.flip = r.Bool()
	}
	p.jitter = t.Jitter.draw(r)
	return p
}

// evalPlan resizes the shorter side to Resize, the longer one in proportion (truncated, as
// torchvision computes it), and keeps the centre window, rounding its offset half to even as
// Python's round() does.
func (t *Transform) evalPlan(width, height int) plan {
	w, h := t.Resize, t.Resize
	if width <= height {
		h = int(float64(t.Resize) * float64(height) / float64(width))
	} else {
		w = int(float64(t.Resize) * float64(width) / float64(height))
	}
	return plan{
		box: image.Rect(0, 0, width, height), resizedW: w, resizedH: h,
		left: int(math.RoundToEven(float64(w-t.Size) / 2)),
		top:  int(math.RoundToEven(float64(h-t.Size) / 2)),
	}
}

// randomResizedCrop is torchvision's RandomResizedCrop.get_params: up to ten tries at a crop
// whose area share is uniform in scale and whose log aspect ratio is uniform in log(ratio),
// placed uniformly; if none fits inside the image, the centre crop of the whole image with its
// aspect ratio clamped into ratio.
func randomResizedCrop(r *dataset.RNG, width, height int, scale, ratio [2]float64) image.Rectangle {
	area := float64(width * height)
	logLo, logHi := math.Log(ratio[0]), math.Log(ratio[1])
	for range 10 {
		target := area * uniform(r, scale[0], scale[1])
		aspect := math.Exp(uniform(r, logLo, logHi))
		// Python's round() in the reference rounds halves to even.
		w := int(math.RoundToEven(math.Sqrt(target * aspect)))
		h := int(math.RoundToEven(math.Sqrt(target / aspect)))
		if 0 < w && w <= width && 0 < h && h <= height {
			y := r.Intn(height - h + 1)
			x := r.Intn(width - w + 1)
			return image.Rect(x, y, x+w, y+h)
		}
	}
	w, h := width, height
	switch in := float64(width) / float64(height); {
	case in < ratio[0]:
		h = int(math.RoundToEven(float64(w) / ratio[0]))
	case in > ratio[1]:
		w = int(math.RoundToEven(float64(h) * ratio[1]))
	}
	x, y := (width-w)/2, (height-h)/2
	return image.Rect(x, y, x+w, y+h)
}

// uniform returns a float64 uniform in [lo, hi) from the top 53 bits of r.
func uniform(r *dataset.RNG, lo, hi float64) float64 {
	return lo + (hi-lo)*float64(r.Uint64()>>11)/(1<<53)
}

// render is one worker's reusable scratch for turning decoded images into inputs.
type render struct {
	t      *Transform
	h, v   kernel
	rgb    []byte
	tmp    []float32
	invStd [3]float32
}

func newRender(t *Transform) *render {
	rd := &render{t: t}
	for c := range rd.invStd {
		rd.invStd[c] = 1 / t.Norm.Std[c]
	}
	return rd
}

// apply writes img, transformed as p says, into out (Size·Size·3 floats, HWC, normalised).
func (rd *render) apply(img image.Image, p plan, out []float32) {
	size := rd.t.Size
	rd.h.build(p.box.Dx(), p.resizedW, p.left, size)
	rd.v.build(p.box.Dy(), p.resizedH, p.top, size)
	// Only the source pixels the kernels read are converted to RGB: a training crop is often a
	// small part of the image.
	x0, x1 := rd.h.span()
	y0, y1 := rd.v.span()
	origin := img.Bounds().Min.Add(p.box.Min)
	rd.rgb = toRGB(img, image.Rect(x0, y0, x1, y1).Add(origin), rd.rgb)
	rd.tmp = resize(out, rd.rgb, x1-x0, x0, y0, &rd.h, &rd.v, rd.tmp)
	if p.flip {
		for y := range size {
			row := out[y*size*3 : (y+1)*size*3]
			for i, j := 0, len(row)-3; i < j; i, j = i+3, j-3 {
				row[i], row[i+1], row[i+2], row[j], row[j+1], row[j+2] = row[j], row[j+1], row[j+2], row[i], row[i+1], row[i+2]
			}
		}
	}
	p.jitter.apply(out)
	mean := rd.t.Norm.Mean
	for i := 0; i+2 < len(out); i += 3 {
		out[i] = (out[i] - mean[0]) * rd.invStd[0]
		out[i+1] = (out[i+1] - mean[1]) * rd.invStd[1]
		out[i+2] = (out[i+2] - mean[2]) * rd.invStd[2]
	}
}
