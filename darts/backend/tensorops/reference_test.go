package tensorops

// Naive references written straight from each operation's definition, using explicit
// multi-indices, plus random-shape helpers shared by the tests. They are deliberately slow and
// structured differently from the kernels (e.g. Pad scatters source elements instead of gathering)
// so that a shared misconception is less likely.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

func unravel(flat int, dims []int) []int {
	idx := make([]int, len(dims))
	for i := len(dims) - 1; i >= 0; i-- {
		idx[i] = flat % dims[i]
		flat /= dims[i]
	}
	return idx
}

func ravel(idx, dims []int) int {
	flat := 0
	for i, x := range idx {
		flat = flat*dims[i] + x
	}
	return flat
}

func prod(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// refTranspose: out[o_0..o_{r-1}] = in[i] with i[perm[k]] = o[k].
func refTranspose[T any](src []T, dims, perm []int) ([]T, []int) {
	outDims := make([]int, len(dims))
	for k, p := range perm {
		outDims[k] = dims[p]
	}
	out := make([]T, prod(outDims))
	for f := range out {
		o := unravel(f, outDims)
		in := make([]int, len(dims))
		for k, p := range perm {
			in[p] = o[k]
		}
		out[f] = src[ravel(in, dims)]
	}
	return out, outDims
}

// refPad: start from all-fill; source element i goes to Start + i*(Interior+1) on every axis,
// and is dropped if that lands outside the output on any axis (cropping).
func refPad[T any](src []T, dims []int, fill T, axes []PadAxis) ([]T, []int, bool) {
	outDims := slices.Clone(dims)
	full := make([]PadAxis, len(dims))
	copy(full, axes)
	for i, ax := range full {
		interiorTotal := 0
		if dims[i] > 0 {
			interiorTotal = (dims[i] - 1) * ax.Interior
		}
		outDims[i] = ax.Start + ax.End + dims[i] + interiorTotal
		if outDims[i] < 0 {
			return nil, nil, false
		}
	}
	out := make([]T, prod(outDims))
	for f := range out {
		out[f] = fill
	}
	for f := range src {
		in := unravel(f, dims)
		o := make([]int, len(dims))
		ok := true
		for i, ax := range full {
			o[i] = ax.Start + in[i]*(ax.Interior+1)
			if o[i] < 0 || o[i] >= outDims[i] {
				ok = false
			}
		}
		if ok {
			out[ravel(o, outDims)] = src[f]
		}
	}
	return out, outDims, true
}

// refReverse: out[idx] = in[idx with reversed axes flipped to d-1-x].
func refReverse[T any](src []T, dims, axes []int) []T {
	out := make([]T, len(src))
	for f := range src {
		idx := unravel(f, dims)
		for _, a := range axes {
			idx[a] = dims[a] - 1 - idx[a]
		}
		out[ravel(idx, dims)] = src[f]
	}
	return out
}

// refWindowShape: count window origins o*s - lo with the window inside [-lo, d+hi).
func refWindowShape(dims, window, strides []int, padding [][2]int) []int {
	out := make([]int, len(dims))
	for i, d := range dims {
		for o := 0; ; o++ {
			start := o*strides[i] - padding[i][0]
			if start+window[i] > d+padding[i][1] {
				break
			}
			out[i]++
		}
	}
	return out
}

// windowPositions lists, for output multi-index o, the operand positions of its window in
// row-major window order; -1 marks a padded position.
func windowPositions(o, dims, window, strides []int, padding [][2]int) []int {
	var pos []int
	for k := range prod(window) {
		w := unravel(k, window)
		x := make([]int, len(dims))
		ok := true
		for i := range dims {
			x[i] = o[i]*strides[i] - padding[i][0] + w[i]
			if x[i] < 0 || x[i] >= dims[i] {
				ok = false
			}
		}
		if ok {
			pos = append(pos, ravel(x, dims))
		} else {
			pos = append(pos, -1)
		}
	}
	return pos
}

// refSelectAndScatter follows XLA's evaluator: the first in-bounds position is the initial pick,
// and each later candidate replaces it unless select(pick, candidate) is true.
func refSelectAndScatter[T float32 | float64](operand []T, dims []int, source []T, window, strides []int,
	padding [][2]int, selectMax bool) []T {
	outDims := refWindowShape(dims, window, strides, padding)
	out := make([]T, len(operand))
	for f := range prod(outDims) {
		pick := -1
		for _, p := range windowPositions(unravel(f, outDims), dims, window, strides, padding) {
			if p < 0 {
				continue
			}
			if pick < 0 {
				pick = p
				continue
			}
			var keep bool
			if selectMax {
				keep = operand[pick] >= operand[p]
			} else {
				keep = operand[pick] <= operand[p]
			}
			if !keep {
				pick = p
			}
		}
		if pick >= 0 {
			out[pick] += source[f]
		}
	}
	return out
}

// refPool is max (or min) pooling with padded positions ignored (as if -Inf / +Inf).
func refPool(operand []float64, dims, window, strides []int, padding [][2]int, isMax bool) []float64 {
	outDims := refWindowShape(dims, window, strides, padding)
	out := make([]float64, prod(outDims))
	for f := range out {
		best := math.Inf(-1)
		if !isMax {
			best = math.Inf(1)
		}
		for _, p := range windowPositions(unravel(f, outDims), dims, window, strides, padding) {
			if p >= 0 && ((isMax && operand[p] > best) || (!isMax && operand[p] < best)) {
				best = operand[p]
			}
		}
		out[f] = best
	}
	return out
}

// randDims returns a random shape of the given rank with dims in [0, maxDim]; zero dims appear
// only when allowZero, and size-1 dims are common because they exercise axis dropping.
func randDims(rng *rand.Rand, rank, maxDim int, allowZero bool) []int {
	dims := make([]int, rank)
	for i := range dims {
		switch {
		case allowZero && rng.IntN(12) == 0:
			dims[i] = 0
		case rng.IntN(4) == 0:
			dims[i] = 1
		default:
			dims[i] = 1 + rng.IntN(maxDim)
		}
	}
	return dims
}

// randValues returns n values; with ties they come from a tiny set so equal values are common.
func randValues[T float32 | float64](rng *rand.Rand, n int, ties bool) []T {
	v := make([]T, n)
	for i := range v {
		if ties {
			v[i] = T(rng.IntN(3))
		} else {
			v[i] = T(rng.NormFloat64())
		}
	}
	return v
}

// diff describes the first mismatch between got and want ("" if equal), keeping failure output
// readable for tensors with thousands of elements.
func diff[T comparable](got, want []T) string {
	if len(got) != len(want) {
		return fmt.Sprintf("len %d, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			return fmt.Sprintf("element %d: got %v, want %v (of %d)", i, got[i], want[i], len(got))
		}
	}
	return ""
}
