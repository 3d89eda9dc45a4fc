package tensorops

import (
	"math"
	"sync"
)

// WindowReduction is the combining function of ReduceWindow.
type WindowReduction int

// The reductions XLA's ReduceWindow is used with; each starts from its identity (the value padding
// contributes): 0, 1, -∞ and +∞.
const (
	WindowSum WindowReduction = iota
	WindowProduct
	WindowMax
	WindowMin
)

// ReduceWindow is XLA's ReduceWindow without dilations: dst[o] = reduce over the window at
// o·strides − padding_lo of src (positions in the padding contribute the reduction's identity).
// dst has WindowOutputShape(dims, window, strides, padding).
//
// Trailing axes with window 1, stride 1 and no padding (the channels of an NHWC pooling) are
// reduced as contiguous runs, so the inner loop is a plain vectorisable loop over channels.
func ReduceWindow[T float32 | float64](dst, src []T, dims, window, strides []int, padding [][2]int, op WindowReduction) {
	outDims := WindowOutputShape(dims, window, strides, padding)
	checkLen("src", len(src), numElements(dims), dims)
	checkLen("dst", len(dst), numElements(outDims), outDims)
	if pool2D(dst, src, dims, window, strides, padding, outDims, op) {
		return
	}
	rank := len(dims)
	// The inner run: trailing trivial axes.
	outer := rank
	run := 1
	for outer > 0 && window[outer-1] == 1 && strides[outer-1] == 1 && padLo(padding, outer-1) == 0 &&
		padHi(padding, outer-1) == 0 {
		outer--
		run *= dims[outer]
	}
	numOut := numElements(outDims[:outer])
	if numOut == 0 || run == 0 {
		return
	}
	srcStrides := make([]int, outer)
	s := run
	for i := outer - 1; i >= 0; i-- {
		srcStrides[i] = s
		s *= dims[i]
	}
	identity := T(reductionIdentity(op))
	work := func(lo, hi int) {
		idx := make([]int, outer)
		win := make([]int, outer)
		for o := lo; o < hi; o++ {
			// Decompose the outer output index.
			rem := o
			for i := outer - 1; i >= 0; i-- {
				idx[i] = rem % outDims[i]
				rem /= outDims[i]
			}
			acc := dst[o*run : (o+1)*run]
			for j := range acc {
				acc[j] = identity
			}
			for i := range win {
				win[i] = 0
			}
			for {
				// Source offset of this window position, or skip when it falls in the padding.
				off, inside := 0, true
				for i := 0; i < outer; i++ {
					p := idx[i]*strides[i] - padLo(padding, i) + win[i]
					if p < 0 || p >= dims[i] {
						inside = false
						break
					}
					off += p * srcStrides[i]
				}
				if inside {
					combineRun(acc, src[off:off+run], op)
				}
				// Next window position (odometer over the outer axes).
				i := outer - 1
				for ; i >= 0; i-- {
					win[i]++
					if win[i] < window[i] {
						break
					}
					win[i] = 0
				}
				if i < 0 {
					break
				}
			}
		}
	}
	parallelRange(numOut, run*numElements(window[:outer]), work)
}

func reductionIdentity(op WindowReduction) float64 {
	switch op {
	case WindowProduct:
		return 1
	case WindowMax:
		return math.Inf(-1)
	case WindowMin:
		return math.Inf(1)
	}
	return 0
}

func combineRun[T float32 | float64](acc, x []T, op WindowReduction) {
	x = x[:len(acc)]
	switch op {
	case WindowSum:
		for j, v := range x {
			acc[j] += v
		}
	case WindowProduct:
		for j, v := range x {
			acc[j] *= v
		}
	case WindowMax:
		for j, v := range x {
			// NaN propagates, as in XLA's max.
			if v > acc[j] || v != v {
				acc[j] = v
			}
		}
	case WindowMin:
		for j, v := range x {
			if v < acc[j] || v != v {
				acc[j] = v
			}
		}
	}
}

// parallelRange splits [0, n) over two goroutines when each item costs enough work to pay for it.
func parallelRange(n, workPerItem int, fn func(lo, hi int)) {
	const minWork = 1 << 15
	if n < 2 || n*workPerItem < 2*minWork {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	mid := n / 2
	wg.Add(1)
	go func() { defer wg.Done(); fn(mid, n) }()
	fn(0, mid)
	wg.Wait()
}
