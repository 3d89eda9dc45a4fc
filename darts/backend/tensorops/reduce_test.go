package tensorops

import (
	"math"
	"math/rand/v2"
	"testing"
)

func refReduce(src []float64, dims, axes []int, op WindowReduction) []float64 {
	reduced := make([]bool, len(dims))
	for _, a := range axes {
		reduced[a] = true
	}
	var outDims []int
	for i, d := range dims {
		if !reduced[i] {
			outDims = append(outDims, d)
		}
	}
	out := make([]float64, numElements(outDims))
	for i := range out {
		out[i] = reductionIdentity(op)
	}
	idx := make([]int, len(dims))
	for flat := range src {
		rem := flat
		for i := len(dims) - 1; i >= 0; i-- {
			idx[i] = rem % dims[i]
			rem /= dims[i]
		}
		o := 0
		for i, d := range dims {
			if !reduced[i] {
				o = o*d + idx[i]
			}
		}
		v := src[flat]
		switch op {
		case WindowSum:
			out[o] += v
		case WindowProduct:
			out[o] *= v
		case WindowMax:
			out[o] = math.Max(out[o], v)
		case WindowMin:
			out[o] = math.Min(out[o], v)
		}
	}
	return out
}

func TestReduceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := 0; trial < 3000; trial++ {
		rank := 1 + rng.IntN(5)
		dims := make([]int, rank)
		var axes []int
		for i := range dims {
			dims[i] = 1 + rng.IntN(5)
			if rng.IntN(2) == 0 {
				axes = append(axes, i)
			}
		}
		if trial%7 == 0 { // large, to reach the parallel paths
			dims = []int{64, 33, 40}
			axes = [][]int{{0}, {2}, {0, 1}, {1, 2}}[trial%4]
		}
		src := make([]float64, numElements(dims))
		for i := range src {
			src[i] = float64(rng.IntN(9)-4) / 2
		}
		op := WindowReduction(rng.IntN(4))
		if numElements(dims) > 1000 && op == WindowProduct {
			op = WindowSum
		}
		want := refReduce(src, dims, axes, op)
		got := make([]float64, len(want))
		Reduce(got, src, dims, axes, op)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) {
				t.Fatalf("dims %v axes %v op %d: out[%d] = %g, want %g", dims, axes, op, i, got[i], want[i])
			}
		}
	}
}

// TestReduceExtremesPropagateNaN: a row's maximum or minimum is NaN when any element is, at every
// position of the float32 row's vector blocks (256 wide) and of its tail, and of the float64
// row's four-way unrolled loop and tail, as XLA's max and min propagate NaN; otherwise it is the
// row's extreme.
func TestReduceExtremesPropagateNaN(t *testing.T) {
	checkExtremesPropagateNaN[float32](t, 600, []int{-1, 0, 7, 255, 256, 300, 511, 512, 599})
	checkExtremesPropagateNaN[float64](t, 11, []int{-1, 0, 1, 2, 3, 4, 7, 8, 10})
}

func checkExtremesPropagateNaN[T float32 | float64](t *testing.T, n int, nanAt []int) {
	for _, op := range []WindowReduction{WindowMax, WindowMin} {
		for _, pos := range nanAt {
			row := make([]T, n)
			for i := range row {
				row[i] = T(i%5) - 2
			}
			if pos >= 0 {
				row[pos] = T(math.NaN())
			}
			got := make([]T, 1)
			Reduce(got, row, []int{1, n}, []int{1}, op)
			want := T(2)
			if op == WindowMin {
				want = -2
			}
			if pos >= 0 && !math.IsNaN(float64(got[0])) || pos < 0 && got[0] != want {
				t.Errorf("%T op %d, NaN at %d: got %g", row, op, pos, got[0])
			}
		}
	}
}

// TestReduceAllOfALargeTensor: a full reduction large enough to run as two halves on two
// goroutines gives the exact sum (integers, exact in float32), and the maximum even when the
// largest element or a NaN lies in the second half.
func TestReduceAllOfALargeTensor(t *testing.T) {
	const rows, cols = 600, 1000
	x := make([]float32, rows*cols)
	var want float64
	for i := range x {
		x[i] = float32(i%7 - 3)
		want += float64(x[i])
	}
	x[len(x)-5] = 50
	want += 50 - float64((len(x)-5)%7-3)
	got := make([]float32, 1)
	Reduce(got, x, []int{rows, cols}, []int{0, 1}, WindowSum)
	if float64(got[0]) != want {
		t.Errorf("sum %g, want %g", got[0], want)
	}
	if Reduce(got, x, []int{rows, cols}, []int{0, 1}, WindowMax); got[0] != 50 {
		t.Errorf("max %g, want 50", got[0])
	}
	x[len(x)-3] = float32(math.NaN())
	if Reduce(got, x, []int{rows, cols}, []int{0, 1}, WindowMax); !math.IsNaN(float64(got[0])) {
		t.Errorf("max %g, want NaN", got[0])
	}
}
