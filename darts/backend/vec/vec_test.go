package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestOpsMatchLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, asm := range []bool{false, true} {
		if asm && !useAsm {
			continue
		}
		saved := useAsm
		setAsm(asm)
		for _, n := range []int{0, 1, 3, 7, 8, 9, 31, 32, 33, 63, 100, 517} {
			a, b, d := make([]float32, n+3), make([]float32, n+3), make([]float32, n+3)
			for i := range a {
				a[i], b[i], d[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())+3, float32(rng.NormFloat64())
			}
			const sentinel = 12345
			for _, tc := range []struct {
				name string
				fn   func(dst, a, b []float32)
				want func(d, a, b float32) float32
			}{
				{"Add", Add, func(d, a, b float32) float32 { return a + b }},
				{"Sub", Sub, func(d, a, b float32) float32 { return a - b }},
				{"Mul", Mul, func(d, a, b float32) float32 { return a * b }},
				{"Div", Div, func(d, a, b float32) float32 { return a / b }},
				{"FMAdd", FMAdd, func(d, a, b float32) float32 { return d + a*b }},
			} {
				dst := append([]float32(nil), d...)
				dst[n] = sentinel
				tc.fn(dst[:n], a, b)
				for i := 0; i < n; i++ {
					want := tc.want(d[i], a[i], b[i])
					if math.Abs(float64(dst[i]-want)) > 1e-6*math.Max(1, math.Abs(float64(want))) {
						t.Fatalf("asm=%v %s n=%d: [%d] = %g, want %g", asm, tc.name, n, i, dst[i], want)
					}
				}
				if dst[n] != sentinel {
					t.Fatalf("asm=%v %s n=%d wrote past the end", asm, tc.name, n)
				}
			}
		}
		setAsm(saved)
	}
}

func BenchmarkAdd512(b *testing.B) {
	x, y, d := make([]float32, 512), make([]float32, 512), make([]float32, 512)
	for i := 0; i < b.N; i++ {
		Add(d, x, y)
	}
}
