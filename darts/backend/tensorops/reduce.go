package tensorops

import (
	"sync"

	"github.com/dartsml/godarts/darts/backend/vec"
)

// Reduce is XLA's Reduce with sum, product, max or min over the given axes: dst has dims without
// those axes. Adjacent axes of the same kind (reduced or kept) are merged first, so the common
// cases are simple loops: [kept, reduced] reduces contiguous rows, [reduced, kept] accumulates
// rows into one (e.g. a per-channel sum over N·H·W in NHWC), both split over two goroutines when
// large.
func Reduce[T float32 | float64](dst, src []T, dims, axes []int, op WindowReduction) {
	reduced := make([]bool, len(dims))
	for _, a := range axes {
		reduced[a] = true
	}
	// Merge axes: sizes of alternating runs of kept / reduced axes (size-1 axes are dropped).
	var sizes []int
	var isRed []bool
	for i, d := range dims {
		if d == 1 {
			continue
		}
		if n := len(sizes); n > 0 && isRed[n-1] == reduced[i] {
			sizes[n-1] *= d
			continue
		}
		sizes = append(sizes, d)
		isRed = append(isRed, reduced[i])
	}
	outSize := 1
	for i, s := range sizes {
		if !isRed[i] {
			outSize *= s
		}
	}
	dst = dst[:outSize]
	identity := T(reductionIdentity(op))
	for i := range dst {
		dst[i] = identity
	}
	total := numElements(dims)
	if total == 0 {
		return
	}
	switch {
	case len(sizes) == 0: // a single element
		combineRun(dst, src[:1], op)
	case len(sizes) == 1 && isRed[0]:
		dst[0] = reduceAll(src[:total], op, identity)
	case len(sizes) == 1:
		copy(dst, src[:total])
	case len(sizes) == 2 && !isRed[0]:
		rows, rowLen := sizes[0], sizes[1]
		parallelRange(rows, rowLen, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				dst[r] = reduceRun(src[r*rowLen:(r+1)*rowLen], op, identity)
			}
		})
	case len(sizes) == 2:
		reduceLeading(dst, src, sizes[0], sizes[1], op, identity)
	default:
		reduceGeneral(dst, src, sizes, isRed, op)
	}
}

func reduceRun[T float32 | float64](x []T, op WindowReduction, acc T) T {
	switch op {
	case WindowSum:
		// Eight partial sums: two adds issue per cycle, each waiting only on its own chain
		// (four chains left half the adders idle), and a little less rounding error.
		var s0, s1, s2, s3, s4, s5, s6, s7 T
		i := 0
		for ; i+8 <= len(x); i += 8 {
			s0 += x[i]
			s1 += x[i+1]
			s2 += x[i+2]
			s3 += x[i+3]
			s4 += x[i+4]
			s5 += x[i+5]
			s6 += x[i+6]
			s7 += x[i+7]
		}
		for ; i < len(x); i++ {
			s0 += x[i]
		}
		return acc + (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)))
	case WindowMax, WindowMin:
		// The log-softmax's row maximum over a 10,000-word vocabulary went through a function
		// call per element (2240 rows in 32 ms): float32 rows now keep a vector of running
		// extremes, float64 ones four scalars. Both propagate NaN, as XLA's max and min do.
		if x32, ok := any(x).([]float32); ok {
			return T(rowExtreme32(x32, op == WindowMax, float32(acc)))
		}
		m0, m1, m2, m3 := acc, acc, acc, acc
		i := 0
		isMax := op == WindowMax
		for ; i+4 <= len(x); i += 4 {
			if isMax {
				m0, m1, m2, m3 = max(m0, x[i]), max(m1, x[i+1]), max(m2, x[i+2]), max(m3, x[i+3])
			} else {
				m0, m1, m2, m3 = min(m0, x[i]), min(m1, x[i+1]), min(m2, x[i+2]), min(m3, x[i+3])
			}
		}
		for ; i < len(x); i++ {
			if isMax {
				m0 = max(m0, x[i])
			} else {
				m0 = min(m0, x[i])
			}
		}
		if isMax {
			return max(m0, m1, m2, m3)
		}
		return min(m0, m1, m2, m3)
	default:
		a := []T{acc}
		for i := range x {
			combineRun(a, x[i:i+1], op)
		}
		return a[0]
	}
}

// reduceAll reduces all of x to one value, its two halves on two goroutines when x is large (a
// gradient norm reads every weight: 16 weight-sized sums per PTB training step). The split is
// fixed, so the result does not depend on scheduling.
func reduceAll[T float32 | float64](x []T, op WindowReduction, identity T) T {
	const minHalf = 1 << 17
	if len(x) < 2*minHalf || op == WindowProduct {
		return reduceRun(x, op, identity)
	}
	mid := len(x) / 2
	var hi T
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); hi = reduceRun(x[mid:], op, identity) }()
	lo := reduceRun(x[:mid], op, identity)
	wg.Wait()
	combined := []T{lo}
	combineRun(combined, []T{hi}, op)
	return combined[0]
}

// reduceLeading folds rows×cols into cols: dst[c] = op over r of src[r*cols+c].
func reduceLeading[T float32 | float64](dst, src []T, rows, cols int, op WindowReduction, identity T) {
	const minWork = 1 << 16
	if rows < 2 || rows*cols < 2*minWork {
		for r := 0; r < rows; r++ {
			combineRun(dst, src[r*cols:(r+1)*cols], op)
		}
		return
	}
	mid := rows / 2
	partial := make([]T, cols)
	for i := range partial {
		partial[i] = identity
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for r := mid; r < rows; r++ {
			combineRun(partial, src[r*cols:(r+1)*cols], op)
		}
	}()
	for r := 0; r < mid; r++ {
		combineRun(dst, src[r*cols:(r+1)*cols], op)
	}
	wg.Wait()
	combineRun(dst, partial, op)
}

// reduceGeneral walks the merged axes with an odometer; the last merged axis is handled as a run.
func reduceGeneral[T float32 | float64](dst, src []T, sizes []int, isRed []bool, op WindowReduction) {
	r := len(sizes)
	srcStride := make([]int, r)
	dstStride := make([]int, r)
	s, d := 1, 1
	for i := r - 1; i >= 0; i-- {
		srcStride[i] = s
		s *= sizes[i]
		if !isRed[i] {
			dstStride[i] = d
			d *= sizes[i]
		}
	}
	last := sizes[r-1]
	idx := make([]int, r-1)
	srcOff, dstOff := 0, 0
	for {
		run := src[srcOff : srcOff+last]
		if isRed[r-1] {
			dst[dstOff] = reduceRun(run, op, dst[dstOff])
		} else {
			combineRun(dst[dstOff:dstOff+last], run, op)
		}
		i := r - 2
		for ; i >= 0; i-- {
			idx[i]++
			srcOff += srcStride[i]
			dstOff += dstStride[i]
			if idx[i] < sizes[i] {
				break
			}
			srcOff -= idx[i] * srcStride[i]
			dstOff -= idx[i] * dstStride[i]
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// rowExtreme32 returns the maximum (or minimum) of acc and the elements of x, NaN if any is NaN:
// a block of running extremes folded with vec.Max or vec.Min, then reduced one by one.
func rowExtreme32(x []float32, isMax bool, acc float32) float32 {
	var run [256]float32
	const w = len(run)
	pick := vec.Max
	if !isMax {
		pick = vec.Min
	}
	full := len(x) / w * w
	if full > 0 {
		copy(run[:], x[:w])
		for i := w; i < full; i += w {
			pick(run[:], x[i:i+w], run[:]) // x's element when NaN or more extreme
		}
	}
	fold := func(v float32) {
		if v != v || isMax && v > acc || !isMax && v < acc {
			acc = v
		}
	}
	if full > 0 {
		for _, v := range run {
			fold(v)
		}
	}
	for _, v := range x[full:] {
		fold(v)
	}
	return acc
}
