package imagenet

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/data/dataset"
)

// Jitter is torchvision's ColorJitter. Each strength s > 0 draws a factor per image: brightness,
// contrast and saturation uniformly in [max(0, 1-s), 1+s], hue uniformly in [-s, s] (a shift
// of the hue circle, so at most 0.5). A zero strength leaves that property alone. The four
// adjustments are applied in a random order, drawn per image, as torchvision does.
type Jitter struct {
	Brightness, Contrast, Saturation, Hue float64
}

func (j Jitter) check() error {
	if j.Brightness < 0 || j.Contrast < 0 || j.Saturation < 0 || j.Hue < 0 || j.Hue > 0.5 {
		return fmt.Errorf("imagenet: jitter %+v, want strengths >= 0 and hue <= 0.5", j)
	}
	return nil
}

// The adjustments, in the order torchvision numbers them.
const (
	brightness = iota
	contrast
	saturation
	hue
	numAdjust
)

// jitterDraw is one image's colour changes: factor[a] for adjustment a, applied when on[a], in
// the order given by order.
type jitterDraw struct {
	order  [numAdjust]int
	factor [numAdjust]float32
	on     [numAdjust]bool
}

// draw takes the order and then the factors from r; a Jitter with no strength draws nothing.
func (j Jitter) draw(r *dataset.RNG) jitterDraw {
	var d jitterDraw
	if j == (Jitter{}) {
		return d
	}
	r.Perm(d.order[:])
	for a, s := range [numAdjust]float64{j.Brightness, j.Contrast, j.Saturation, j.Hue} {
		if s == 0 {
			continue
		}
		d.on[a] = true
		if a == hue {
			d.factor[a] = float32(uniform(r, -s, s))
		} else {
			d.factor[a] = float32(uniform(r, max(0, 1-s), 1+s))
		}
	}
	return d
}

// Luma weights of torchvision's rgb_to_grayscale, the grey that contrast and saturation blend
// towards.
const lumaR, lumaG, lumaB = 0.2989, 0.587, 0.114

// apply changes px (interleaved RGB in [0,1]) in place. Every adjustment clamps to [0,1], as
// torchvision's do, so the order matters and is part of the draw.
func (d *jitterDraw) apply(px []float32) {
	for _, a := range d.order {
		if !d.on[a] {
			continue
		}
		f := d.factor[a]
		switch a {
		case brightness: // blend with black
			for i, v := range px {
				px[i] = clamp01(f * v)
			}
		case contrast: // blend with the image's mean grey
			sum := 0.0
			for i := 0; i+2 < len(px); i += 3 {
				sum += float64(lumaR*px[i] + lumaG*px[i+1] + lumaB*px[i+2])
			}
			offset := (1 - f) * float32(sum/float64(len(px)/3))
			for i, v := range px {
				px[i] = clamp01(f*v + offset)
			}
		case saturation: // blend each pixel with its own grey
			for i := 0; i+2 < len(px); i += 3 {
				grey := (1 - f) * (lumaR*px[i] + lumaG*px[i+1] + lumaB*px[i+2])
				px[i] = clamp01(f*px[i] + grey)
				px[i+1] = clamp01(f*px[i+1] + grey)
				px[i+2] = clamp01(f*px[i+2] + grey)
			}
		case hue: // rotate the hue circle
			for i := 0; i+2 < len(px); i += 3 {
				h, s, v := rgbToHSV(px[i], px[i+1], px[i+2])
				h += f
				h -= float32(math.Floor(float64(h)))
				px[i], px[i+1], px[i+2] = hsvToRGB(h, s, v)
			}
		}
	}
}

func clamp01(v float32) float32 { return min(max(v, 0), 1) }

// rgbToHSV returns hue in [0,1) (a fraction of the circle: 0 red, 1/3 green, 2/3 blue),
// saturation and value. Greys have hue and saturation 0.
func rgbToHSV(r, g, b float32) (h, s, v float32) {
	hi, lo := max(r, g, b), min(r, g, b)
	chroma := hi - lo
	if chroma == 0 {
		return 0, 0, hi
	}
	switch hi {
	case r:
		h = (g - b) / chroma // between yellow and magenta
	case g:
		h = 2 + (b-r)/chroma // between cyan and yellow
	default:
		h = 4 + (r-g)/chroma // between magenta and cyan
	}
	h /= 6
	if h < 0 {
		h++
	}
	return h, chroma / hi, hi
}

// hsvToRGB inverts rgbToHSV: the hue circle is cut into six sectors in each of which one
// channel is the value, one the minimum v(1-s), and one moves linearly between them.
func hsvToRGB(h, s, v float32) (r, g, b float32) {
	h6 := h * 6
	sector := int(h6)
	frac := h6 - float32(sector)
	lo := clamp01(v * (1 - s))
	falling := clamp01(v * (1 - s*frac))
	rising := clamp01(v * (1 - s*(1-frac)))
	switch sector % 6 {
	case 0:
		return v, rising, lo
	case 1:
		return falling, v, lo
	case 2:
		return lo, v, rising
	case 3:
		return lo, falling, v
	case 4:
		return rising, lo, v
	default:
		return v, lo, falling
	}
}
