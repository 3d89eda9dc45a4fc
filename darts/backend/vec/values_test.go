package vec

import (
	"math"
	"math/rand/v2"
)

// valuesWithSpecials returns a source of test inputs: one value in every a special (NaN, ±0,
// ±Inf, ±1), where the assembly and the Go loops are most likely to part, the rest normal.
func valuesWithSpecials(rng *rand.Rand, every int) func() float32 {
	specials := []float32{float32(math.NaN()), 0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), 1, -1}
	return func() float32 {
		if rng.IntN(every) == 0 {
			return specials[rng.IntN(len(specials))]
		}
		return float32(rng.NormFloat64())
	}
}
