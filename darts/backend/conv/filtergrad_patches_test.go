package conv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// checkPatchFilterGrad runs PatchFilterGradNHWC on random NHWC operands and compares it with
// refConv on the same operands transposed to the canonical layout (its output [C, Q1, Q2, Co]
// against ours [Q1, Q2, C, Co]).
func checkPatchFilterGrad[T float](t *testing.T, r *rand.Rand, p *Params) {
	t.Helper()
	if !PatchFilterGradNHWCSupported(p) {
		t.Fatalf("params %s not supported", describe(p))
	}
	c, n, co := p.Batch, p.InChannels, p.OutChannels
	h, w := p.InSpatial[0], p.InSpatial[1]
	j1, j2 := p.KernelSpatial[0], p.KernelSpatial[1]
	x := randSlice[T](r, n*h*w*c)    // [N, H, W, C]
	v := randSlice[T](r, n*j1*j2*co) // [N, J1, J2, Co]
	xc := make([]T, len(x))          // [C, H, W, N]
	vc := make([]T, len(v))          // [J1, J2, N, Co]
	for b := 0; b < n; b++ {
		for s := 0; s < h*w; s++ {
			for ch := 0; ch < c; ch++ {
				xc[(ch*h*w+s)*n+b] = x[(b*h*w+s)*c+ch]
			}
		}
		for s := 0; s < j1*j2; s++ {
			for ch := 0; ch < co; ch++ {
				vc[(s*n+b)*co+ch] = v[(b*j1*j2+s)*co+ch]
			}
		}
	}
	out := make([]T, p.OutputSize())
	for i := range out {
		out[i] = T(math.NaN())
	}
	PatchFilterGradNHWC(p, x, v, out)
	want, absSum := refConv(p, xc, vc)
	eps := 1e-13
	if _, ok := any(out).([]float32); ok {
		eps = 2e-6
	}
	q := p.OutSpatial()
	for ch := 0; ch < c; ch++ {
		for s := 0; s < q[0]*q[1]; s++ {
			for o := 0; o < co; o++ {
				i := (ch*q[0]*q[1]+s)*co + o
				tol := eps * (absSum[i] + 1e-3)
				if got := float64(out[(s*c+ch)*co+o]); !(math.Abs(got-want[i]) <= tol) {
					t.Fatalf("%T: params %s: output[q %d, c %d, co %d] = %g, want %g (tol %g)", out, describe(p), s, ch, o, got, want[i], tol)
				}
			}
		}
	}
}

// TestPatchFilterGradNHWC: random ungrouped 2-D filter gradients (1 to 5 input channels and
// batch items, up to 20 output channels, odd sizes, strides and dilations 1..3, paddings that
// crop or pad) and a CIFAR stem's (3 channels, 3×3 taps, padding 1, 108 outputs) large enough to
// run on several goroutines.
func TestPatchFilterGradNHWC(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	tried := 0
	for i := 0; i < 1500; i++ {
		p := &Params{Batch: 1 + r.IntN(5), InChannels: 1 + r.IntN(5), OutChannels: 1 + r.IntN(20), FeatureGroups: 1, BatchGroups: 1}
		for d := 0; d < 2; d++ {
			p.InSpatial = append(p.InSpatial, 1+r.IntN(11))
			p.KernelSpatial = append(p.KernelSpatial, 1+r.IntN(11))
			p.Strides = append(p.Strides, 1+r.IntN(3))
			p.KernelDilation = append(p.KernelDilation, 1+r.IntN(3))
			p.Padding = append(p.Padding, [2]int{r.IntN(5) - 1, r.IntN(5) - 1})
		}
		if p.Validate() != nil || prod(p.OutSpatial()) == 0 {
			continue
		}
		tried++
		checkPatchFilterGrad[float32](t, r, p)
		checkPatchFilterGrad[float64](t, r, p)
	}
	if tried < 300 {
		t.Fatalf("only %d configurations tried", tried)
	}
	stem := &Params{Batch: 3, InSpatial: sq(16), InChannels: 8, KernelSpatial: sq(16), OutChannels: 108,
		Padding: pad2(1, 1), FeatureGroups: 1, BatchGroups: 1}
	checkPatchFilterGrad[float32](t, r, stem)
}

func TestPatchFilterGradNHWCSupported(t *testing.T) {
	ok := &Params{Batch: 3, InSpatial: sq(8), InChannels: 4, KernelSpatial: sq(8), OutChannels: 16,
		Padding: pad2(1, 1), FeatureGroups: 1, BatchGroups: 1}
	if !PatchFilterGradNHWCSupported(ok) {
		t.Errorf("%s: not supported", describe(ok))
	}
	for name, edit := range map[string]func(p *Params){
		"batch groups":     func(p *Params) { p.Batch, p.OutChannels, p.BatchGroups = 4, 4, 4 },
		"feature groups":   func(p *Params) { p.InChannels, p.FeatureGroups = 4, 2 },
		"input dilation":   func(p *Params) { p.InputDilation = sq(2) },
		"1-D":              func(p *Params) { p.InSpatial, p.KernelSpatial, p.Padding = []int{8}, []int{8}, nil },
		"too many patches": func(p *Params) { p.InSpatial, p.KernelSpatial, p.Batch, p.InChannels = sq(64), sq(64), 512, 64 },
	} {
		p := *ok
		edit(&p)
		if PatchFilterGradNHWCSupported(&p) {
			t.Errorf("%s: %s supported", name, describe(&p))
		}
	}
}
