package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSelectOpsBitwise: comparisons, Max, Min and Where give, bit for bit, the results of the
// plain loops (which dartscpu's fused groups ran before), on values with NaNs, ±0, ±Inf and equal
// pairs, at every length around the 8-element blocks, with and without the assembly, and never
// write past dst.
func TestSelectOpsBitwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	value := valuesWithSpecials(rng, 4)
	one := func(c bool) float32 {
		if c {
			return 1
		}
		return 0
	}
	pick := func(c bool, x, y float32) float32 {
		if c {
			return x
		}
		return y
	}
	ops := []struct {
		name string
		fn   func(dst, a, b []float32)
		want func(x, y float32) float32
	}{
		{"GT", GT, func(x, y float32) float32 { return one(x > y) }},
		{"GE", GE, func(x, y float32) float32 { return one(x >= y) }},
		{"LT", LT, func(x, y float32) float32 { return one(x < y) }},
		{"LE", LE, func(x, y float32) float32 { return one(x <= y) }},
		{"EQ", EQ, func(x, y float32) float32 { return one(x == y) }},
		{"NE", NE, func(x, y float32) float32 { return one(x != y) }},
		{"Max", Max, func(x, y float32) float32 { return pick(x != x || x > y, x, y) }},
		{"Min", Min, func(x, y float32) float32 { return pick(x != x || x < y, x, y) }},
	}
	for _, asm := range []bool{false, true} {
		if asm && !useAsm {
			continue
		}
		saved := useAsm
		setAsm(asm)
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 40, 517} {
			a, b, c := make([]float32, n+1), make([]float32, n+1), make([]float32, n+1)
			for i := range a {
				a[i], b[i], c[i] = value(), value(), value()
				if rng.IntN(5) == 0 {
					b[i] = a[i]
				}
				if rng.IntN(3) == 0 {
					c[i] = 0
				}
			}
			const sentinel = 12345
			check := func(name string, dst []float32, want func(i int) float32) {
				for i := 0; i < n; i++ {
					if w := want(i); math.Float32bits(dst[i]) != math.Float32bits(w) {
						t.Fatalf("asm=%v %s n=%d: [%d] = %g (a %g, b %g, c %g), want %g", asm, name, n, i, dst[i], a[i], b[i], c[i], w)
					}
				}
				if dst[n] != sentinel {
					t.Fatalf("asm=%v %s n=%d wrote past the end", asm, name, n)
				}
			}
			for _, op := range ops {
				dst := make([]float32, n+1)
				dst[n] = sentinel
				op.fn(dst[:n], a, b)
				check(op.name, dst, func(i int) float32 { return op.want(a[i], b[i]) })
			}
			dst := make([]float32, n+1)
			dst[n] = sentinel
			Where(dst[:n], c, a, b)
			check("Where", dst, func(i int) float32 { return pick(c[i] != 0, a[i], b[i]) })
		}
		setAsm(saved)
	}
}

func BenchmarkMax512(b *testing.B) {
	x, y, d := make([]float32, 512), make([]float32, 512), make([]float32, 512)
	for i := range x {
		x[i], y[i] = float32(i%7)-3, 0
	}
	b.SetBytes(512 * 4)
	for b.Loop() {
		Max(d, x, y)
	}
}
