package conv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randDepthwiseFilterGrad draws the Params of a 2-D depthwise filter gradient in the form
// DepthwiseFilterGradNHWC takes: C channels (batch groups), N forward batch items (the canonical
// input channels), odd sizes, strides and dilations 1..3, paddings that crop or pad.
func randDepthwiseFilterGrad(r *rand.Rand) *Params {
	c := 2 + r.IntN(40) // reaches the 32-, 8- and 4-channel blocks and the scalar tail
	p := &Params{Batch: c, InChannels: 1 + r.IntN(5), OutChannels: c, FeatureGroups: 1, BatchGroups: c}
	for i := 0; i < 2; i++ {
		p.InSpatial = append(p.InSpatial, 1+r.IntN(11))
		p.KernelSpatial = append(p.KernelSpatial, 1+r.IntN(11))
		p.Strides = append(p.Strides, 1+r.IntN(3))
		p.KernelDilation = append(p.KernelDilation, 1+r.IntN(3))
		p.Padding = append(p.Padding, [2]int{r.IntN(5) - 1, r.IntN(5) - 1})
	}
	return p
}

// checkFilterGradNHWC runs DepthwiseFilterGradNHWC on random NHWC operands and compares it with
// refConv on the same operands transposed to the canonical layout.
func checkFilterGradNHWC[T float](t *testing.T, r *rand.Rand, p *Params) {
	t.Helper()
	if !DepthwiseFilterGradNHWCSupported(p) {
		t.Fatalf("params %s not supported", describe(p))
	}
	c, n := p.Batch, p.InChannels
	h, w := p.InSpatial[0], p.InSpatial[1]
	j1, j2 := p.KernelSpatial[0], p.KernelSpatial[1]
	x := randSlice[T](r, n*h*w*c)   // [N, H, W, C]
	v := randSlice[T](r, n*j1*j2*c) // [N, J1, J2, C]
	xc := make([]T, len(x))         // [C, H, W, N]
	vc := make([]T, len(v))         // [J1, J2, N, C]
	for b := 0; b < n; b++ {
		for s := 0; s < h*w; s++ {
			for ch := 0; ch < c; ch++ {
				xc[(ch*h*w+s)*n+b] = x[(b*h*w+s)*c+ch]
			}
		}
		for s := 0; s < j1*j2; s++ {
			for ch := 0; ch < c; ch++ {
				vc[(s*n+b)*c+ch] = v[(b*j1*j2+s)*c+ch]
			}
		}
	}
	out := make([]T, p.OutputSize())
	for i := range out {
		out[i] = T(math.NaN())
	}
	DepthwiseFilterGradNHWC(p, x, v, out)
	want, absSum := refConv(p, xc, vc)
	eps := 1e-13
	if _, ok := any(out).([]float32); ok {
		eps = 2e-6
	}
	for i := range want {
		tol := eps * (absSum[i] + 1e-3)
		if got := float64(out[i]); !(math.Abs(got-want[i]) <= tol) {
			t.Fatalf("%T: params %s: output[%d] = %g, want %g (tol %g)", out, describe(p), i, got, want[i], tol)
		}
	}
}

func TestDepthwiseFilterGradNHWC(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 600; i++ {
		p := randDepthwiseFilterGrad(r)
		checkFilterGradNHWC[float32](t, r, p)
		checkFilterGradNHWC[float64](t, r, p)
	}
	if useAVX2 { // the pure-Go loop of float32 too
		useAVX2 = false
		defer func() { useAVX2 = true }()
		for i := 0; i < 100; i++ {
			checkFilterGradNHWC[float32](t, r, randDepthwiseFilterGrad(r))
		}
	}
}

// TestDepthwiseFilterGradNHWCDarts checks DARTS-shaped gradients (sep_conv and dil_conv, 3×3 and
// 5×5, stride 1 and 2), large enough to run in batch chunks on several goroutines.
func TestDepthwiseFilterGradNHWCDarts(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, tc := range []struct{ k, stride, dil, size, c int }{
		{3, 1, 1, 16, 36}, {5, 1, 1, 8, 72}, {3, 2, 1, 16, 36}, {5, 2, 1, 15, 20},
		{3, 1, 2, 16, 36}, {5, 1, 2, 9, 12}, {3, 2, 2, 16, 40}, {5, 2, 2, 8, 44},
	} {
		pad := tc.dil * (tc.k - 1) / 2
		out := (tc.size+2*pad-tc.dil*(tc.k-1)-1)/tc.stride + 1
		// The forward's stride is the kernel dilation here and its dilation the stride; the
		// padding after is trimmed as darts/nn does so that the output has exactly k taps.
		unread := (tc.size + 2*pad - (tc.k-1)*tc.dil - 1) % tc.stride
		p := &Params{Batch: tc.c, InSpatial: sq(tc.size), InChannels: 6, KernelSpatial: sq(out), OutChannels: tc.c,
			Strides: sq(tc.dil), KernelDilation: sq(tc.stride), Padding: pad2(pad, max(pad-unread, 0)),
			FeatureGroups: 1, BatchGroups: tc.c}
		if got := p.OutSpatial(); got[0] < tc.k {
			t.Fatalf("case %+v: output %v has fewer than %d taps", tc, got, tc.k)
		}
		checkFilterGradNHWC[float32](t, r, p)
	}
}

func TestDepthwiseFilterGradNHWCSupported(t *testing.T) {
	ok := &Params{Batch: 4, InSpatial: sq(8), InChannels: 3, KernelSpatial: sq(8), OutChannels: 4,
		Padding: pad2(1, 1), FeatureGroups: 1, BatchGroups: 4}
	if !DepthwiseFilterGradNHWCSupported(ok) {
		t.Errorf("%s: not supported", describe(ok))
	}
	for name, edit := range map[string]func(p *Params){
		"two output batches":  func(p *Params) { p.Batch = 8 },
		"two outputs a group": func(p *Params) { p.OutChannels = 8 },
		"input dilation":      func(p *Params) { p.InputDilation = sq(2) },
		"1-D":                 func(p *Params) { p.InSpatial, p.KernelSpatial, p.Padding = []int{8}, []int{8}, nil },
		"invalid":             func(p *Params) { p.BatchGroups = 3 },
	} {
		p := *ok
		edit(&p)
		if DepthwiseFilterGradNHWCSupported(&p) {
			t.Errorf("%s: %s supported", name, describe(&p))
		}
	}
}
