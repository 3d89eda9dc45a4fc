package tensorops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBatchNormPassesChannelsLast: with the features last, every batch norm pass gives bit for
// bit what a loop per pixel over its features gives (each feature's float64 sums in pixel order,
// per half when the pass splits in two), for 1 to 9 features, on one goroutine and on two.
func TestBatchNormPassesChannelsLast(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, pixels := range []int{37, 3 * bnMinWork} {
		for c := 1; c <= 9; c++ {
			l := bnLayout{outer: pixels, c: c, inner: 1}
			x, dy := make([]float32, pixels*c), make([]float32, pixels*c)
			for i := range x {
				x[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(6)-3)))
				dy[i] = float32(rng.NormFloat64())
			}
			m, a, b, k := make([]float64, c), make([]float64, c), make([]float64, c), make([]float64, c)
			for i := range m {
				m[i], a[i], b[i], k[i] = rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
			}
			// want sums per feature over the pixels in order, per half as splitOuter splits.
			halves := [][2]int{{0, pixels}}
			if pixels*c >= 2*bnMinWork {
				halves = [][2]int{{0, pixels / 2}, {pixels / 2, pixels}}
			}
			want := func(term func(p, ch int) float64) []float64 {
				out := make([]float64, c)
				for ch := range out {
					var total float64
					for h, r := range halves {
						var s float64
						for p := r[0]; p < r[1]; p++ {
							s += term(p, ch)
						}
						if h == 0 {
							total = s
						} else {
							total += s
						}
					}
					out[ch] = total
				}
				return out
			}
			dev := func(p, ch int) float64 { return float64(x[p*c+ch]) - m[ch] }
			check := func(name string, got, want []float64) {
				t.Helper()
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%d pixels, %d features: %s[%d] = %v, the per-pixel loop's %v", pixels, c, name, i, got[i], want[i])
					}
				}
			}
			check("Σx", featureSums(x, l), want(func(p, ch int) float64 { return float64(x[p*c+ch]) }))
			s1, s2 := centredSums(x, m, l)
			check("Σ(x−m)", s1, want(dev))
			check("Σ(x−m)²", s2, want(func(p, ch int) float64 { d := dev(p, ch); return d * d }))
			g1, g2 := gradientSums(x, dy, m, l)
			check("Σdy", g1, want(func(p, ch int) float64 { return float64(dy[p*c+ch]) }))
			check("Σdy·(x−m)", g2, want(func(p, ch int) float64 { return float64(dy[p*c+ch]) * dev(p, ch) }))
			y, dx := make([]float32, len(x)), make([]float32, len(x))
			affine(y, x, m, a, b, l)
			gradientApply(dx, x, dy, m, k, a, b, l)
			for i := range x {
				ch := i % c
				if y[i] != float32(dev(i/c, ch)*a[ch]+b[ch]) || dx[i] != float32(k[ch]*(float64(dy[i])-a[ch]-dev(i/c, ch)*b[ch])) {
					t.Fatalf("%d pixels, %d features: element %d: y %v dx %v, want %v and %v", pixels, c, i, y[i], dx[i],
						float32(dev(i/c, ch)*a[ch]+b[ch]), float32(k[ch]*(float64(dy[i])-a[ch]-dev(i/c, ch)*b[ch])))
				}
			}
		}
	}
}
