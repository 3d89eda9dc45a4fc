package dataset

import "fmt"

// Augment selects the random image transformations of the DARTS CIFAR pipeline. They are
// applied in the reference order: crop, flip, then cutout.
type Augment struct {
	// Pad > 0 zero-pads the raw image by Pad pixels on each side and takes a random H×W crop
	// (RandomCrop(32, padding=4) in the reference: Pad 4). Padding is black before
	// normalisation, so padded pixels get Images.PadValue, not 0.
	Pad int
	// Flip mirrors the image left-right with probability 1/2.
	Flip bool
	// Cutout > 0 zeroes a Cutout×Cutout square (clipped at the border) centred on a uniform
	// random pixel. As in the reference it acts after normalisation, so the square is 0 in
	// normalised units. DARTS evaluation uses 16; the search uses none.
	Cutout int
}

// CIFARSearch is the augmentation of the DARTS search phase; CIFAREval adds cutout 16 for the
// final training of the discovered cell.
var (
	CIFARSearch = Augment{Pad: 4, Flip: true}
	CIFAREval   = Augment{Pad: 4, Flip: true, Cutout: 16}
)

// None reports whether a applies no transformation.
func (a Augment) None() bool { return a.Pad == 0 && !a.Flip && a.Cutout == 0 }

func (a Augment) check(h, w int) error {
	if a.Pad < 0 || a.Cutout < 0 {
		return fmt.Errorf("dataset: augment pad %d / cutout %d must not be negative", a.Pad, a.Cutout)
	}
	if a.Pad > h || a.Pad > w {
		return fmt.Errorf("dataset: augment pad %d larger than the %dx%d image", a.Pad, h, w)
	}
	return nil
}

// draw holds one image's random choices. They are drawn in a fixed order (crop, flip, cutout),
// each only when enabled, so a configuration always consumes the same amount of randomness per
// image and a resumed stream stays aligned.
type draw struct {
	dy, dx int
	flip   bool
	cy, cx int
}

func (a Augment) draw(r *RNG, h, w int) draw {
	var d draw
	if a.Pad > 0 {
		d.dy = r.Intn(2*a.Pad + 1)
		d.dx = r.Intn(2*a.Pad + 1)
	}
	if a.Flip {
		d.flip = r.Bool()
	}
	if a.Cutout > 0 {
		d.cy = r.Intn(h)
		d.cx = r.Intn(w)
	}
	return d
}

// augmenter applies draws to HWC images of one shape. padRow is one image row of pad pixels,
// built once so that padding is a copy, not a per-pixel loop.
type augmenter struct {
	a       Augment
	h, w, c int
	padRow  []float32
}

func newAugmenter(a Augment, h, w, c int, pad []float32) *augmenter {
	row := make([]float32, w*c)
	for i := range row {
		row[i] = pad[i%c]
	}
	return &augmenter{a: a, h: h, w: w, c: c, padRow: row}
}

// apply writes the transformed src into dst (both H·W·C, distinct).
func (g *augmenter) apply(dst, src []float32, d draw) {
	h, w, c, p := g.h, g.w, g.c, g.a.Pad
	rowLen := w * c
	for y := 0; y < h; y++ {
		out := dst[y*rowLen : (y+1)*rowLen]
		sy := y + d.dy - p
		if sy < 0 || sy >= h {
			copy(out, g.padRow)
			continue
		}
		in := src[sy*rowLen : (sy+1)*rowLen]
		if !d.flip {
			// Output column x reads source column x+dx-p: one block copy for the part inside
			// the image and pad on whichever side the shift uncovers.
			shift := d.dx - p
			lo, hi := max(0, -shift), min(w, w-shift)
			copy(out[:lo*c], g.padRow)
			copy(out[lo*c:hi*c], in[(lo+shift)*c:(hi+shift)*c])
			copy(out[hi*c:], g.padRow)
			continue
		}
		// Flipping mirrors the crop: output column x reads source column w-1-x+dx-p, so the
		// columns inside the image form one reversed run of pixels. copy() per pixel costs more
		// than the few floats it moves, hence plain loops.
		shift := d.dx - p
		lo, hi := max(0, shift), min(w, w+shift) // output columns whose source is inside
		copy(out[:lo*c], g.padRow)
		copy(out[hi*c:], g.padRow)
		seg := in[(w-hi+shift)*c : (w-lo+shift)*c]
		run := out[lo*c : hi*c]
		if c == 3 {
			// The loop conditions let the compiler drop the bounds checks.
			for j, k := 0, len(seg)-3; j+2 < len(run) && k >= 0 && k+2 < len(seg); j, k = j+3, k-3 {
				run[j], run[j+1], run[j+2] = seg[k], seg[k+1], seg[k+2]
			}
			continue
		}
		for j, k := 0, len(seg)-c; k >= 0; j, k = j+c, k-c {
			copy(run[j:j+c], seg[k:k+c])
		}
	}
	if n := g.a.Cutout; n > 0 {
		y1, y2 := max(0, d.cy-n/2), min(h, d.cy+n/2)
		x1, x2 := max(0, d.cx-n/2), min(w, d.cx+n/2)
		for y := y1; y < y2; y++ {
			clear(dst[(y*w+x1)*c : (y*w+x2)*c])
		}
	}
}
