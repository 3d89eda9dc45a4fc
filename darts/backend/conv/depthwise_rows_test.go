package conv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDepthwiseRowsMatchesGeneric compares the vectorised stride-1 path with the generic
// depthwise loops on random 2-D cases (kernel 1..5, dilation 1..2, any padding the forms allow).
func TestDepthwiseRowsMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := 0; trial < 400; trial++ {
		k := 1 + rng.IntN(5)
		dil := 1 + rng.IntN(2)
		c := 1 + rng.IntN(20)
		if trial%4 == 0 { // DARTS's channel counts: several 8-channel blocks and a 4-channel one
			c = []int{36, 72, 44, 37}[rng.IntN(4)]
		}
		p := &Params{
			Batch: 1 + rng.IntN(3), InSpatial: []int{1 + rng.IntN(12), 1 + rng.IntN(12)}, InChannels: c,
			KernelSpatial: []int{k, k}, OutChannels: c, FeatureGroups: c, BatchGroups: 1,
			KernelDilation: []int{dil, dil},
			Padding:        [][2]int{{rng.IntN(k * dil), rng.IntN(k * dil)}, {rng.IntN(k * dil), rng.IntN(k * dil)}},
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("case %+v: %v", p, err) // skipping them once made this test check nothing
		}
		in := make([]float32, p.InputSize())
		ker := make([]float32, p.KernelSize())
		for i := range in {
			in[i] = float32(rng.NormFloat64())
		}
		for i := range ker {
			ker[i] = float32(rng.NormFloat64())
		}
		got := make([]float32, p.OutputSize())
		want := make([]float32, p.OutputSize())
		for i := range got {
			got[i] = float32(math.NaN())
		}
		g := newGeometry(p)
		if !convDepthwiseRows(g, in, ker, got) {
			t.Fatalf("case %+v: the rows path declined a stride-1 depthwise convolution", p)
		}
		convDepthwise(g, in, ker, want)
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 1e-4*math.Max(1, math.Abs(float64(want[i]))) || got[i] != got[i] {
				t.Fatalf("case %+v: out[%d] = %g, want %g", p, i, got[i], want[i])
			}
		}
	}
}
