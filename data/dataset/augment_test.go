package dataset

import "testing"

// naive is the definition the fast augmenter must match, written per pixel from the reference's
// steps: zero-pad the raw image, crop at (dy, dx), mirror the crop, zero a cutout square.
func naive(src []float32, h, w, c int, a Augment, d draw, pad []float32) []float32 {
	out := make([]float32, h*w*c)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			cx := x
			if d.flip {
				cx = w - 1 - x
			}
			sy, sx := y+d.dy-a.Pad, cx+d.dx-a.Pad
			for ch := 0; ch < c; ch++ {
				v := pad[ch]
				if sy >= 0 && sy < h && sx >= 0 && sx < w {
					v = src[(sy*w+sx)*c+ch]
				}
				if a.Cutout > 0 && y >= d.cy-a.Cutout/2 && y < d.cy+a.Cutout/2 && x >= d.cx-a.Cutout/2 && x < d.cx+a.Cutout/2 {
					v = 0
				}
				out[(y*w+x)*c+ch] = v
			}
		}
	}
	return out
}

func TestAugmentMatchesNaive(t *testing.T) {
	const h, w = 8, 6
	for _, c := range []int{1, 3} {
		testAugmentMatchesNaive(t, h, w, c)
	}
}

func testAugmentMatchesNaive(t *testing.T, h, w, c int) {
	ds := synth(t, 1, h, w, c, 1)
	src := ds.Image(0)
	r := NewRNG(9)
	for _, a := range []Augment{{}, {Pad: 2}, {Flip: true}, {Pad: 3, Flip: true}, {Pad: 2, Flip: true, Cutout: 4}, {Cutout: 3}} {
		g := newAugmenter(a, h, w, c, ds.PadValue())
		for k := 0; k < 200; k++ {
			d := a.draw(&r, h, w)
			dst := make([]float32, h*w*c)
			g.apply(dst, src, d)
			want := naive(src, h, w, c, a, d, ds.PadValue())
			for i := range want {
				if dst[i] != want[i] {
					t.Fatalf("%d channels, %+v draw %+v: value %d = %v, want %v", c, a, d, i, dst[i], want[i])
				}
			}
		}
	}
}

// Every crop offset in [0, 2·Pad] and both flips must occur; a bias here would silently change
// the training distribution.
func TestAugmentDrawCoverage(t *testing.T) {
	r := NewRNG(4)
	seen := map[[3]int]bool{}
	for k := 0; k < 5000; k++ {
		d := CIFARSearch.draw(&r, 32, 32)
		f := 0
		if d.flip {
			f = 1
		}
		seen[[3]int{d.dy, d.dx, f}] = true
	}
	if len(seen) != 9*9*2 {
		t.Errorf("%d of %d (dy, dx, flip) combinations drawn", len(seen), 9*9*2)
	}
}

func TestAugmentCheck(t *testing.T) {
	if err := (Augment{Pad: -1}).check(32, 32); err == nil {
		t.Error("negative pad accepted")
	}
	if err := (Augment{Pad: 40}).check(32, 32); err == nil {
		t.Error("pad larger than the image accepted")
	}
}
