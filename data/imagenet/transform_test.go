package imagenet

import (
	"image"
	"image/color"
	"math"
	"path/filepath"
	"testing"

	"github.com/dartsml/godarts/data/dataset"
)

// raw undoes ImageNetNorm: the value of channel c of a normalised pixel in grey levels.
func raw(v float32, c int) float64 {
	return (float64(v)*float64(ImageNetNorm.Std[c]) + float64(ImageNetNorm.Mean[c])) * 255
}

// The evaluation pipeline on linear ramps, compared with the ramp's value at each output pixel's
// centre mapped back into the source, (i + offset + 0.5)·scale - 0.5. Enlarging interpolates
// linearly between the two nearest pixels, so that is exact; shrinking averages a few pixels
// under a triangle whose samples are not quite symmetric about the centre, which moves the
// result by a fraction of a grey level but never by a pixel's step (4 or 6 levels here).
func TestEvalTransformGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		tol  float64
	}{
		{"shrink.png", 60, 40, 0.5}, // 40 → 37 rows, 60 → 55 columns
		{"enlarge.png", 20, 30, 1e-3},
	} {
		path := filepath.Join(t.TempDir(), tc.name)
		save(t, path, paint(tc.w, tc.h, func(x, y int) color.NRGBA {
			return color.NRGBA{uint8(4 * x), uint8(6 * y), 100, 255}
		}))
		img, err := decodeFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := EvalTransform(32, 37).withDefaults()
		if err != nil {
			t.Fatal(err)
		}
		// torchvision: the shorter side becomes 37, the other int(37·long/short); the crop
		// offset is round((resized-32)/2), halves to even.
		rw, rh := 37, 37
		if tc.w < tc.h {
			rh = 37 * tc.h / tc.w
		} else {
			rw = 37 * tc.w / tc.h
		}
		left, top := int(math.RoundToEven(float64(rw-32)/2)), int(math.RoundToEven(float64(rh-32)/2))
		out := make([]float32, 32*32*3)
		newRender(&tr).apply(img, tr.plan(nil, tc.w, tc.h), out)

		sx, sy := float64(tc.w)/float64(rw), float64(tc.h)/float64(rh)
		worst := 0.0
		for y := range 32 {
			for x := range 32 {
				// Clamp to the first and last pixel centres: enlarging repeats the edge pixels.
				srcX := min(max((float64(x+left)+0.5)*sx-0.5, 0), float64(tc.w-1))
				srcY := min(max((float64(y+top)+0.5)*sy-0.5, 0), float64(tc.h-1))
				want := [3]float64{4 * srcX, 6 * srcY, 100}
				for c := range 3 {
					d := math.Abs(raw(out[(y*32+x)*3+c], c) - want[c])
					worst = max(worst, d)
					if d > tc.tol {
						t.Fatalf("%s: pixel (%d,%d) channel %d = %.3f, want %.3f", tc.name, x, y, c, raw(out[(y*32+x)*3+c], c), want[c])
					}
				}
			}
		}
		t.Logf("%s: worst difference %.4f grey levels", tc.name, worst)
	}
}

func TestRandomResizedCropBounds(t *testing.T) {
	const width, height = 500, 375
	r := dataset.NewRNG(1)
	minShare, maxShare := 1.0, 0.0
	for range 3000 {
		c := randomResizedCrop(&r, width, height, DefaultScale, DefaultRatio)
		if !c.In(image.Rect(0, 0, width, height)) || c.Empty() {
			t.Fatalf("crop %v outside the %dx%d image", c, width, height)
		}
		w, h := float64(c.Dx()), float64(c.Dy())
		// w and h are rounded, which moves the area and the ratio by up to half a pixel a side.
		share := w * h / (width * height)
		slack := (w + h + 1) / 2 / (width * height)
		if share < 0.08-slack || share > 1+slack {
			t.Errorf("crop %v covers %.4f of the image", c, share)
		}
		ratio := w / h
		if lo, hi := (w-0.5)/(h+0.5), (w+0.5)/(h-0.5); hi < 3.0/4 || lo > 4.0/3 {
			t.Errorf("crop %v has aspect ratio %.4f", c, ratio)
		}
		minShare, maxShare = min(minShare, share), max(maxShare, share)
	}
	if minShare > 0.1 || maxShare < 0.9 {
		t.Errorf("area shares span only [%.3f, %.3f] over 3000 draws", minShare, maxShare)
	}
	// A strip far narrower than 3/4 fails all ten tries and falls back to its centre, clamped
	// to ratio 3/4: width 10, height round(10/0.75) = 13.
	if c := randomResizedCrop(&r, 10, 200, DefaultScale, DefaultRatio); c != image.Rect(0, 93, 10, 106) {
		t.Errorf("fallback crop %v", c)
	}
	if c := randomResizedCrop(&r, 300, 6, DefaultScale, DefaultRatio); c != image.Rect(146, 0, 154, 6) {
		t.Errorf("fallback crop %v", c)
	}
}

func TestFlip(t *testing.T) {
	img := paint(30, 20, func(x, y int) color.NRGBA { return color.NRGBA{uint8(8 * x), uint8(x * y), uint8(10 * y), 255} })
	tr, _ := TrainTransform(12).withDefaults()
	rd := newRender(&tr)
	p := plan{box: image.Rect(3, 2, 27, 19), resizedW: 12, resizedH: 12}
	plain, flipped := make([]float32, 12*12*3), make([]float32, 12*12*3)
	rd.apply(img, p, plain)
	p.flip = true
	rd.apply(img, p, flipped)
	for y := range 12 {
		for x := range 12 {
			for c := range 3 {
				if a, b := plain[(y*12+x)*3+c], flipped[(y*12+11-x)*3+c]; a != b {
					t.Fatalf("(%d,%d,%d): %v, mirrored %v", x, y, c, a, b)
				}
			}
		}
	}
}

// randomPixels returns n RGB pixels in [0,1].
func randomPixels(n int) []float32 {
	r := dataset.NewRNG(5)
	px := make([]float32, 3*n)
	for i := range px {
		px[i] = float32(uniform(&r, 0, 1))
	}
	return px
}

func TestJitterIdentity(t *testing.T) {
	r := dataset.NewRNG(3)
	if d := (Jitter{}).draw(&r); d != (jitterDraw{}) {
		t.Fatalf("zero jitter drew %+v", d)
	}
	// Neutral factors in every order: brightness, contrast and saturation 1, hue shift 0.
	for k := range 24 {
		px := randomPixels(100)
		orig := append([]float32(nil), px...)
		d := jitterDraw{factor: [numAdjust]float32{1, 1, 1, 0}, on: [numAdjust]bool{true, true, true, true}}
		rk := dataset.NewRNG(uint64(k))
		rk.Perm(d.order[:])
		d.apply(px)
		for i := range px {
			if math.Abs(float64(px[i]-orig[i])) > 1e-6 {
				t.Fatalf("order %v: value %d %v -> %v", d.order, i, orig[i], px[i])
			}
		}
	}
	// The whole training pipeline with zero strengths equals the one without jitter.
	img := paint(25, 21, func(x, y int) color.NRGBA { return color.NRGBA{uint8(9 * x), uint8(11 * y), 7, 255} })
	tr, _ := TrainTransform(8).withDefaults()
	tr.Jitter = Jitter{}
	r1, r2 := dataset.NewRNG(9), dataset.NewRNG(9)
	p := tr.plan(&r1, 25, 21)
	p2 := tr.plan(&r2, 25, 21)
	p2.jitter = jitterDraw{}
	a, b := make([]float32, 8*8*3), make([]float32, 8*8*3)
	newRender(&tr).apply(img, p, a)
	newRender(&tr).apply(img, p2, b)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("value %d: %v with zero jitter, %v without", i, a[i], b[i])
		}
	}
}

func TestJitterAdjustments(t *testing.T) {
	// one applies adjustment a alone with factor f.
	one := func(a int, f float32, px ...float32) []float32 {
		d := jitterDraw{order: [numAdjust]int{a, (a + 1) % 4, (a + 2) % 4, (a + 3) % 4}}
		d.on[a], d.factor[a] = true, f
		out := append([]float32(nil), px...)
		d.apply(out)
		return out
	}
	near := func(name string, got []float32, want ...float32) {
		t.Helper()
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 1e-5 {
				t.Errorf("%s: got %v, want %v", name, got, want)
				return
			}
		}
	}
	near("brightness 0.5", one(brightness, 0.5, 0.8, 0.4, 0.2), 0.4, 0.2, 0.1)
	near("brightness 1.5 clamps", one(brightness, 1.5, 0.8, 0.4, 0.2), 1, 0.6, 0.3)
	grey := float32(lumaR*0.8 + lumaG*0.4 + lumaB*0.2)
	near("saturation 0", one(saturation, 0, 0.8, 0.4, 0.2), grey, grey, grey)
	mean := (grey + float32(lumaR*0.2+lumaG*0.2+lumaB*0.2)) / 2
	near("contrast 0", one(contrast, 0, 0.8, 0.4, 0.2, 0.2, 0.2, 0.2), mean, mean, mean, mean, mean, mean)
	near("hue +1/3", one(hue, 1.0/3, 1, 0, 0, 0, 0, 0.5), 0, 1, 0, 0.5, 0, 0)
	near("hue -1/3", one(hue, -1.0/3, 1, 0, 0), 0, 0, 1)
}

func TestHSVRoundTrip(t *testing.T) {
	px := randomPixels(2000)
	for i := 0; i+2 < len(px); i += 3 {
		h, s, v := rgbToHSV(px[i], px[i+1], px[i+2])
		if h < 0 || h >= 1 || s < 0 || s > 1 {
			t.Fatalf("hsv %v %v %v out of range", h, s, v)
		}
		r, g, b := hsvToRGB(h, s, v)
		if d := max(abs32(r-px[i]), abs32(g-px[i+1]), abs32(b-px[i+2])); d > 1e-5 {
			t.Fatalf("%v -> (%v %v %v) -> %v %v %v", px[i:i+3], h, s, v, r, g, b)
		}
	}
}

func abs32(v float32) float32 { return float32(math.Abs(float64(v))) }

// benchFile writes a 500×375 JPEG of noise on a gradient, the typical ImageNet photo size.
func benchFile(b *testing.B) string {
	r := dataset.NewRNG(2)
	path := filepath.Join(b.TempDir(), "photo.JPEG")
	save(b, path, paint(500, 375, func(x, y int) color.NRGBA {
		n := uint8(r.Uint64() & 31)
		return color.NRGBA{uint8(x/2) + n, uint8(y/2) + n, 128 + n, 255}
	}))
	return path
}

// BenchmarkTransform times one 224×224 output from an already decoded 500×375 image; decoding
// the JPEG (BenchmarkDecode) costs more.
func BenchmarkTransform(b *testing.B) {
	img, err := decodeFile(benchFile(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		t    Transform
	}{{"train", TrainTransform(224)}, {"eval", EvalTransform(224, 256)}} {
		b.Run(tc.name, func(b *testing.B) {
			tr, _ := tc.t.withDefaults()
			rd := newRender(&tr)
			out := make([]float32, 224*224*3)
			r := dataset.NewRNG(1)
			for b.Loop() {
				rd.apply(img, tr.plan(&r, 500, 375), out)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	path := benchFile(b)
	for b.Loop() {
		if _, err := decodeFile(path); err != nil {
			b.Fatal(err)
		}
	}
}
