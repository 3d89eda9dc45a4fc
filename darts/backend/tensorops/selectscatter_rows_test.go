package tensorops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSelectScatterRowsIsTheWindowLoop: the float32 row-at-a-time SelectAndScatter gives bit for
// bit what the window-at-a-time loop gives, max and min, over random NHWC poolings (1 to 5
// channels, or 6 to 20 for vector tails, windows 1 to 5, row and column strides 1 to 3, paddings
// up to the window, so some windows lie entirely in the padding, and the reduction cells' 3×3
// stride 2 padding 1 pool on 72 channels), on values with many ties (the first position wins),
// NaN (always taken), ±Inf and ±0, and sources of mixed magnitudes scattered onto shared
// positions (the order of the additions shows).
func TestSelectScatterRowsIsTheWindowLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 0}
	tried := 0
	for trial := 0; trial < 800; trial++ {
		dims := []int{1 + rng.IntN(3), 1 + rng.IntN(8), 1 + rng.IntN(30), 1 + rng.IntN(5)}
		if rng.IntN(3) == 0 {
			dims[3] = 6 + rng.IntN(15)
		}
		kh, kw := 1+rng.IntN(5), 1+rng.IntN(5)
		window, strides := []int{1, kh, kw, 1}, []int{1, 1 + rng.IntN(3), 1 + rng.IntN(3), 1}
		padding := [][2]int{{}, {rng.IntN(kh + 1), rng.IntN(kh + 1)}, {rng.IntN(kw + 1), rng.IntN(kw + 1)}, {}}
		if trial < 2 {
			dims, window, strides = []int{2, 7 + trial, 9 - trial, 72}, []int{1, 3, 3, 1}, []int{1, 2, 2, 1}
			padding = [][2]int{{}, {1, 1}, {1, 1}, {}}
		}
		if dims[1]+padding[1][0]+padding[1][1] < kh || dims[2]+padding[2][0]+padding[2][1] < kw {
			continue
		}
		tried++
		outDims := WindowOutputShape(dims, window, strides, padding)
		operand := make([]float32, prod(dims))
		for i := range operand {
			operand[i] = float32(rng.IntN(4)) // ties
			if trial%2 == 1 {
				operand[i] = float32(rng.NormFloat64())
			}
			if rng.IntN(10) == 0 {
				operand[i] = special[rng.IntN(len(special))]
			}
		}
		source := make([]float32, prod(outDims))
		for i := range source {
			source[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(8)-4)))
		}
		for _, selectMax := range []bool{true, false} {
			want, got := make([]float32, len(operand)), make([]float32, len(operand))
			selectScatterRuns(want, operand, dims, source, window, strides, padding, outDims, selectMax)
			for i := range got {
				got[i] = float32(math.NaN()) // dst must be overwritten
			}
			if !selectScatterRowsF32(got, operand, dims, source, window, strides, padding, selectMax) {
				t.Fatalf("dims %v window %v strides %v padding %v: not taken", dims, window, strides, padding)
			}
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("dims %v window %v strides %v padding %v max=%v: dst[%d] = %g, the window loop's %g",
						dims, window, strides, padding, selectMax, i, got[i], want[i])
				}
			}
		}
	}
	if tried < 500 {
		t.Fatalf("only %d configurations tried", tried)
	}
}
