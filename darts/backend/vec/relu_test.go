package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestReLUSumIsMulGTSubAdd: ReLUSum gives, bit for bit, what MulGT, Sub and Add give (the three
// passes fused groups ran before), on values with NaNs, ±0, ±Inf, with b = 0, b = a and b random, at
// every length around the 8-element blocks, with and without the assembly, and never writes past
// dst.
func TestReLUSumIsMulGTSubAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(91, 92))
	value := valuesWithSpecials(rng, 3)
	for _, asm := range []bool{false, true} {
		if asm && !useAsm {
			continue
		}
		saved := useAsm
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 40, 517} {
			a, b := make([]float32, n), make([]float32, n)
			for i := range a {
				a[i], b[i] = value(), value()
				switch rng.IntN(4) {
				case 0, 1:
					b[i] = 0
				case 2:
					b[i] = a[i] // equal pairs: > must not be >=
				}
			}
			setAsm(true) // the reference: the three passes, as vectorised as they were
			prod, diff, want := make([]float32, n), make([]float32, n), make([]float32, n)
			MulGT(prod, a, a, b)
			Sub(diff, a, a)
			Add(want, prod, diff)
			setAsm(asm)
			const sentinel = 12345
			dst := make([]float32, n+1)
			dst[n] = sentinel
			ReLUSum(dst[:n], a, b)
			for i := range n {
				if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
					t.Fatalf("asm=%v n=%d: [%d] = %g (a %g, b %g), want %g", asm, n, i, dst[i], a[i], b[i], want[i])
				}
			}
			if dst[n] != sentinel {
				t.Fatalf("asm=%v n=%d wrote past the end", asm, n)
			}
		}
		setAsm(saved)
	}
}
