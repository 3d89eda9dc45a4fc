package tensorops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randWindow draws a pooling configuration: windows 2..3 (1 on some axes, as on the batch and
// channel axes of NHWC pooling), strides 1..2, and either no, "same"-style or random padding.
func randWindow(rng *rand.Rand, dims []int) (window, strides []int, padding [][2]int) {
	r := len(dims)
	window, strides, padding = make([]int, r), make([]int, r), make([][2]int, r)
	mode := rng.IntN(3)
	for i, d := range dims {
		window[i] = 2 + rng.IntN(2)
		if rng.IntN(4) == 0 {
			window[i] = 1
		}
		strides[i] = 1 + rng.IntN(2)
		switch mode {
		case 1: // same: output = ceil(d / stride), padding split low-first like XLA/TF
			out := (d + strides[i] - 1) / strides[i]
			total := max((out-1)*strides[i]+window[i]-d, 0)
			padding[i] = [2]int{total / 2, total - total/2}
		case 2:
			padding[i] = [2]int{rng.IntN(window[i]), rng.IntN(window[i])}
		}
	}
	return
}

func checkSelectAndScatter[T float32 | float64](t *testing.T, rng *rand.Rand, dims []int, ties bool) {
	t.Helper()
	window, strides, padding := randWindow(rng, dims)
	outDims := WindowOutputShape(dims, window, strides, padding)
	if want := refWindowShape(dims, window, strides, padding); !slices.Equal(outDims, want) {
		t.Fatalf("WindowOutputShape(%v, %v, %v, %v) = %v, want %v", dims, window, strides, padding, outDims, want)
	}
	operand := randValues[T](rng, prod(dims), ties)
	source := randValues[T](rng, prod(outDims), false)
	for _, selectMax := range []bool{true, false} {
		want := refSelectAndScatter(operand, dims, source, window, strides, padding, selectMax)
		got := make([]T, len(operand))
		for i := range got {
			got[i] = T(math.NaN()) // dst must be overwritten, not accumulated into
		}
		SelectAndScatter(got, operand, dims, source, window, strides, padding, selectMax)
		// Both sides add the same values in the same (row-major window) order: exact equality.
		if msg := diff(got, want); msg != "" {
			t.Fatalf("dims %v window %v strides %v padding %v max=%v ties=%v: %s",
				dims, window, strides, padding, selectMax, ties, msg)
		}
	}
}

func TestSelectAndScatterRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for iter := range 1500 {
		rank := 1 + iter%4
		dims := randDims(rng, rank, 6, false)
		ties := iter%2 == 0
		if iter%3 == 0 {
			checkSelectAndScatter[float64](t, rng, dims, ties)
		} else {
			checkSelectAndScatter[float32](t, rng, dims, ties)
		}
	}
}

// TestSelectAndScatterTies pins the tie rule: all-equal windows pick their first position.
func TestSelectAndScatterTies(t *testing.T) {
	operand := []float32{5, 5, 5, 5, 5, 5, 5, 5, 5} // 3×3, all equal
	source := []float32{1, 2, 3, 4}                 // 2×2 windows, stride 1
	for _, selectMax := range []bool{true, false} {
		dst := make([]float32, 9)
		SelectAndScatter(dst, operand, []int{3, 3}, source, []int{2, 2}, []int{1, 1}, nil, selectMax)
		want := []float32{1, 2, 0, 3, 4, 0, 0, 0, 0}
		if !slices.Equal(dst, want) {
			t.Errorf("max=%v: got %v, want %v", selectMax, dst, want)
		}
	}
}

// TestSelectAndScatterIsPoolGradient checks the defining property: with distinct operand values,
// SelectAndScatter(x, g) is the gradient of x ↦ Σ g·pool(x), estimated by central differences.
func TestSelectAndScatterIsPoolGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for iter := range 200 {
		dims := randDims(rng, 1+iter%4, 5, false)
		window, strides, padding := randWindow(rng, dims)
		outDims := WindowOutputShape(dims, window, strides, padding)
		n := prod(dims)
		// Distinct values at least 1 apart, so a perturbation of eps never changes an argmax.
		x := make([]float64, n)
		for i, p := range rng.Perm(n) {
			x[i] = float64(p) + 0.1*rng.Float64()
		}
		g := randValues[float64](rng, prod(outDims), false)
		for _, isMax := range []bool{true, false} {
			grad := make([]float64, n)
			SelectAndScatter(grad, x, dims, g, window, strides, padding, isMax)
			objective := func(x []float64) float64 {
				s := 0.0
				for w, v := range refPool(x, dims, window, strides, padding, isMax) {
					if !math.IsInf(v, 0) { // windows entirely in padding contribute nothing
						s += g[w] * v
					}
				}
				return s
			}
			const eps = 1e-3
			for i := range x {
				orig := x[i]
				x[i] = orig + eps
				up := objective(x)
				x[i] = orig - eps
				down := objective(x)
				x[i] = orig
				if num := (up - down) / (2 * eps); math.Abs(num-grad[i]) > 1e-6 {
					t.Fatalf("dims %v window %v strides %v padding %v max=%v: d/dx[%d] numeric %g, SelectAndScatter %g",
						dims, window, strides, padding, isMax, i, num, grad[i])
				}
			}
		}
	}
}

func TestSelectAndScatterNaN(t *testing.T) {
	nan := float32(math.NaN())
	// XLA's rule replaces the pick whenever select(pick, candidate) is false, so a NaN candidate
	// wins, and a NaN pick is displaced by the next candidate.
	cases := []struct {
		operand []float32
		want    []float32
	}{
		{[]float32{1, nan, 3}, []float32{0, 0, 1}},
		{[]float32{nan, 1, 0}, []float32{0, 1, 0}},
		{[]float32{1, 2, nan}, []float32{0, 0, 1}},
	}
	for _, c := range cases {
		dst := make([]float32, 3)
		SelectAndScatter(dst, c.operand, []int{3}, []float32{1}, []int{3}, []int{1}, nil, true)
		if !slices.Equal(dst, c.want) {
			t.Errorf("operand %v: got %v, want %v", c.operand, dst, c.want)
		}
		want := refSelectAndScatter(c.operand, []int{3}, []float32{1}, []int{3}, []int{1}, [][2]int{{0, 0}}, true)
		if !slices.Equal(want, c.want) {
			t.Errorf("reference disagrees with the rule for %v: %v", c.operand, want)
		}
	}
}

func TestWindowOutputShape(t *testing.T) {
	cases := []struct {
		dims, window, strides []int
		padding               [][2]int
		want                  []int
	}{
		{[]int{16, 34, 34, 64}, []int{1, 3, 3, 1}, []int{1, 1, 1, 1}, [][2]int{{}, {1, 1}, {1, 1}, {}}, []int{16, 34, 34, 64}},
		{[]int{16, 34, 34, 64}, []int{1, 3, 3, 1}, []int{1, 2, 2, 1}, [][2]int{{}, {0, 1}, {0, 1}, {}}, []int{16, 17, 17, 64}},
		{[]int{5}, []int{2}, []int{2}, nil, []int{2}},
		{[]int{1}, []int{3}, []int{1}, nil, []int{0}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.dims, c.window, c.strides, c.padding), func(t *testing.T) {
			if got := WindowOutputShape(c.dims, c.window, c.strides, c.padding); !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestSelectAndScatterNHWCPooling covers the channel-run path (trailing axes with window 1,
// stride 1, no padding) at a DARTS-like configuration, with and without ties.
// TestSelectAndScatterNHWCPooling covers DARTS's pools, on a small input and on one large enough
// for the batch to be split between two workers.
func TestSelectAndScatterNHWCPooling(t *testing.T) {
	for _, dims := range [][]int{{2, 7, 6, 5}, {5, 17, 17, 32}} {
		testSelectAndScatterNHWC(t, dims)
	}
}

func testSelectAndScatterNHWC(t *testing.T, dims []int) {
	rng := rand.New(rand.NewPCG(17, 18))
	configs := []struct {
		window, strides []int
		padding         [][2]int
	}{
		{[]int{1, 3, 3, 1}, []int{1, 1, 1, 1}, [][2]int{{}, {1, 1}, {1, 1}, {}}}, // 3×3 same
		{[]int{1, 3, 3, 1}, []int{1, 2, 2, 1}, [][2]int{{}, {1, 1}, {0, 1}, {}}}, // reduction cell
		{[]int{1, 2, 2, 1}, []int{1, 2, 2, 1}, nil},
	}
	for _, c := range configs {
		for _, ties := range []bool{false, true} {
			operand := randValues[float32](rng, prod(dims), ties)
			source := randValues[float32](rng, prod(WindowOutputShape(dims, c.window, c.strides, c.padding)), false)
			pad := c.padding
			if pad == nil {
				pad = make([][2]int, len(dims))
			}
			for _, selectMax := range []bool{true, false} {
				got := make([]float32, len(operand))
				SelectAndScatter(got, operand, dims, source, c.window, c.strides, c.padding, selectMax)
				want := refSelectAndScatter(operand, dims, source, c.window, c.strides, pad, selectMax)
				if msg := diff(got, want); msg != "" {
					t.Fatalf("dims %v window %v strides %v padding %v ties=%v max=%v: %s",
						dims, c.window, c.strides, c.padding, ties, selectMax, msg)
				}
			}
		}
	}
}
