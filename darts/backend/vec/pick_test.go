package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPickBitwise: PickGE and PickLE give, bit for bit, the plain loop's picks and tags (keep
// where pick >= v, resp. <=; take v and t elsewhere, NaN included), on values with NaNs, ±0, ±Inf
// and equal pairs, at every length around the 8-element blocks, with and without the assembly,
// and never write past the end.
func TestPickBitwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(63, 64))
	value := valuesWithSpecials(rng, 4)
	for _, asm := range []bool{false, true} {
		if asm && !useAsm {
			continue
		}
		saved := useAsm
		setAsm(asm)
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 40, 517} {
			for _, ge := range []bool{true, false} {
				pick, tag, v := make([]float32, n+1), make([]float32, n+1), make([]float32, n+1)
				for i := range pick {
					pick[i], tag[i], v[i] = value(), float32(rng.IntN(9)), value()
					if rng.IntN(5) == 0 {
						v[i] = pick[i]
					}
				}
				const sentinel = 12345
				pick[n], tag[n] = sentinel, sentinel
				wantPick, wantTag := append([]float32(nil), pick...), append([]float32(nil), tag...)
				for i := 0; i < n; i++ {
					keep := wantPick[i] >= v[i]
					if !ge {
						keep = wantPick[i] <= v[i]
					}
					if !keep {
						wantPick[i], wantTag[i] = v[i], 9
					}
				}
				if ge {
					PickGE(pick[:n], tag, v, 9)
				} else {
					PickLE(pick[:n], tag, v, 9)
				}
				for i := 0; i <= n; i++ {
					if math.Float32bits(pick[i]) != math.Float32bits(wantPick[i]) || tag[i] != wantTag[i] {
						t.Fatalf("asm=%v ge=%v n=%d: [%d] = (%g, %g), want (%g, %g)", asm, ge, n, i, pick[i], tag[i], wantPick[i], wantTag[i])
					}
				}
			}
		}
		setAsm(saved)
	}
}
