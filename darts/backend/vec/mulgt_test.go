package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMulGTIsGTThenMul: MulGT gives, bit for bit, what GT then Mul give (the two passes fused
// groups ran before), on values with NaNs, ±0, ±Inf, with b = a (a ReLU's forward) and c = 0,
// at every length around the 8-element blocks, with and without the assembly, and never writes
// past dst.
func TestMulGTIsGTThenMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	value := valuesWithSpecials(rng, 3)
	for _, asm := range []bool{false, true} {
		if asm && !useAsm {
			continue
		}
		saved := useAsm
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 40, 517} {
			a, b, c := make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range a {
				a[i], b[i], c[i] = value(), value(), value()
				if rng.IntN(3) == 0 {
					c[i] = 0
				}
			}
			for _, relu := range []bool{false, true} {
				bb := b
				if relu {
					bb = a
				}
				setAsm(true) // the reference: the two passes, as vectorised as they were
				ind, want := make([]float32, n), make([]float32, n)
				GT(ind, bb, c)
				Mul(want, a, ind)
				setAsm(asm)
				const sentinel = 12345
				dst := make([]float32, n+1)
				dst[n] = sentinel
				MulGT(dst[:n], a, bb, c)
				for i := range n {
					if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
						t.Fatalf("asm=%v n=%d relu=%v: [%d] = %g (a %g, b %g, c %g), want %g", asm, n, relu, i, dst[i], a[i], bb[i], c[i], want[i])
					}
				}
				if dst[n] != sentinel {
					t.Fatalf("asm=%v n=%d wrote past the end", asm, n)
				}
			}
		}
		setAsm(saved)
	}
}
