package tensorops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPool2DRowsIsTheChannelLoop: the float32 row-at-a-time pools give bit for bit what the
// per-pixel channel loops give (the same taps combined in the same order from the identity),
// over random NHWC shapes (1 to 5 channels, or 6 to 20 for vector tails, windows 1 to 5, row
// and column strides 1 to 3, paddings up to the window, so some windows lie entirely in the
// padding, tiny to wide rows) and the training net's reduction-cell and auxiliary-head pools
// (3×3 stride 2 padding 1 on 72 channels, 5×5 stride 3 on 8×8×576), on values of mixed
// magnitudes whose sums round differently in another order, with NaN, ±Inf, +0 and −0 among
// them (the maximum of −0 and +0 is the first seen).
func TestPool2DRowsIsTheChannelLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 0, 0, 0}
	tried := 0
	for trial := 0; trial < 800; trial++ {
		n, h, w, c := 1+rng.IntN(3), 1+rng.IntN(9), 1+rng.IntN(40), 1+rng.IntN(5)
		if rng.IntN(3) == 0 {
			c = 6 + rng.IntN(15)
		}
		kh, kw, sh, sw := 1+rng.IntN(5), 1+rng.IntN(5), 1+rng.IntN(3), 1+rng.IntN(3)
		pt, pb, pl, pr := rng.IntN(kh+1), rng.IntN(kh+1), rng.IntN(kw+1), rng.IntN(kw+1)
		switch trial {
		case 0, 1:
			n, h, w, c, kh, kw, sh, sw, pt, pb, pl, pr = 2, 7+trial, 9-trial, 72, 3, 3, 2, 2, 1, 1, 1, 1
		case 2:
			n, h, w, c, kh, kw, sh, sw, pt, pb, pl, pr = 2, 8, 8, 576, 5, 5, 3, 3, 0, 0, 0, 0
		}
		if h+pt+pb < kh || w+pl+pr < kw {
			continue
		}
		tried++
		oh, ow := (h+pt+pb-kh)/sh+1, (w+pl+pr-kw)/sw+1
		src := make([]float32, n*h*w*c)
		for i := range src {
			src[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(8)-4)))
			if trial%2 == 1 && rng.IntN(8) == 0 {
				src[i] = special[rng.IntN(len(special))]
			}
		}
		for _, op := range []WindowReduction{WindowSum, WindowMax} {
			want := make([]float32, n*oh*ow*c)
			got := make([]float32, len(want))
			pool2DChannels(want, src, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, op)
			pool2DRowsF32(got, src, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, op)
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
					t.Fatalf("[%d %d %d %d] window %dx%d strides %d,%d padding %d,%d,%d,%d op %d: out[%d] = %g, the channel loop's %g",
						n, h, w, c, kh, kw, sh, sw, pt, pb, pl, pr, op, i, got[i], want[i])
				}
			}
		}
	}
	if tried < 500 {
		t.Fatalf("only %d configurations tried", tried)
	}
}
