package tensorops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refReduceWindow is the definition: for every output multi-index, reduce the in-bounds window.
func refReduceWindow(src []float64, dims, window, strides []int, padding [][2]int, op WindowReduction) []float64 {
	outDims := WindowOutputShape(dims, window, strides, padding)
	out := make([]float64, numElements(outDims))
	rank := len(dims)
	oIdx := make([]int, rank)
	for o := range out {
		rem := o
		for i := rank - 1; i >= 0; i-- {
			oIdx[i] = rem % outDims[i]
			rem /= outDims[i]
		}
		acc := reductionIdentity(op)
		wIdx := make([]int, rank)
		for w := 0; w < numElements(window); w++ {
			rem := w
			for i := rank - 1; i >= 0; i-- {
				wIdx[i] = rem % window[i]
				rem /= window[i]
			}
			flat, inside := 0, true
			for i := 0; i < rank; i++ {
				p := oIdx[i]*strides[i] - padding[i][0] + wIdx[i]
				if p < 0 || p >= dims[i] {
					inside = false
					break
				}
				flat = flat*dims[i] + p
			}
			if !inside {
				continue
			}
			v := src[flat]
			switch op {
			case WindowSum:
				acc += v
			case WindowProduct:
				acc *= v
			case WindowMax:
				acc = math.Max(acc, v)
			case WindowMin:
				acc = math.Min(acc, v)
			}
		}
		out[o] = acc
	}
	return out
}

func TestReduceWindowRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 1500; trial++ {
		rank := 1 + rng.IntN(4)
		dims := make([]int, rank)
		window := make([]int, rank)
		strides := make([]int, rank)
		padding := make([][2]int, rank)
		for i := range dims {
			dims[i] = 1 + rng.IntN(6)
			window[i] = 1 + rng.IntN(3)
			strides[i] = 1 + rng.IntN(2)
			if rng.IntN(2) == 0 {
				padding[i] = [2]int{rng.IntN(2), rng.IntN(2)}
			}
			if rng.IntN(3) == 0 { // a trivial trailing-style axis
				window[i], strides[i], padding[i] = 1, 1, [2]int{}
			}
		}
		src := make([]float64, numElements(dims))
		for i := range src {
			src[i] = float64(rng.IntN(7)) - 3
		}
		op := WindowReduction(rng.IntN(4))
		want := refReduceWindow(src, dims, window, strides, padding, op)
		got := make([]float64, len(want))
		ReduceWindow(got, src, dims, window, strides, padding, op)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("dims %v window %v strides %v padding %v op %d: out[%d] = %g, want %g",
					dims, window, strides, padding, op, i, got[i], want[i])
			}
		}
	}
}

func TestReduceWindowParallelNHWC(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	dims := []int{4, 17, 17, 32}
	src := make([]float64, numElements(dims))
	for i := range src {
		src[i] = rng.NormFloat64()
	}
	for _, c := range []struct {
		window, strides []int
		padding         [][2]int
		op              WindowReduction
	}{
		{[]int{1, 3, 3, 1}, []int{1, 2, 2, 1}, [][2]int{{0, 0}, {1, 1}, {1, 1}, {0, 0}}, WindowSum},
		{[]int{1, 3, 3, 1}, []int{1, 2, 2, 1}, [][2]int{{0, 0}, {1, 1}, {1, 1}, {0, 0}}, WindowMax},
		{[]int{1, 3, 3, 1}, []int{1, 1, 1, 1}, [][2]int{{0, 0}, {1, 1}, {1, 1}, {0, 0}}, WindowSum},
		{[]int{1, 3, 3, 1}, []int{1, 1, 1, 1}, [][2]int{{0, 0}, {1, 1}, {1, 1}, {0, 0}}, WindowMax},
		{[]int{1, 5, 4, 1}, []int{1, 2, 1, 1}, [][2]int{{0, 0}, {2, 0}, {0, 3}, {0, 0}}, WindowMax},
		{[]int{1, 2, 7, 1}, []int{1, 1, 1, 1}, [][2]int{{0, 0}, {0, 1}, {3, 3}, {0, 0}}, WindowSum},
	} {
		window, strides, padding, op := c.window, c.strides, c.padding, c.op
		want := refReduceWindow(src, dims, window, strides, padding, op)
		got := make([]float64, len(want))
		ReduceWindow(got, src, dims, window, strides, padding, op)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Fatalf("op %d: out[%d] = %g, want %g", op, i, got[i], want[i])
			}
		}
	}
}
