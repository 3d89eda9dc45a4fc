package tensorops

import "fmt"

// numElements returns the product of dims (1 for a scalar).
func numElements(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// rowMajorStrides returns the element strides of a row-major array with the given dims.
func rowMajorStrides(dims []int) []int {
	strides := make([]int, len(dims))
	s := 1
	for i := len(dims) - 1; i >= 0; i-- {
		strides[i] = s
		s *= dims[i]
	}
	return strides
}

// checkLen panics with a descriptive message when a buffer does not match its shape; these are
// programming errors in the backend, and failing loudly beats silently writing half a tensor.
func checkLen(name string, got, want int, dims []int) {
	if got != want {
		panic(fmt.Sprintf("tensorops: len(%s)=%d, want %d for dims %v", name, got, want, dims))
	}
}

// forEachOffset visits every multi-index of dims in row-major order and calls fn with the two
// linear offsets a0+Σ idx[i]*sa[i] and b0+Σ idx[i]*sb[i]. Offsets are updated incrementally (an
// odometer), so the cost per visit is a couple of additions; callers make fn do a whole run or tile
// of work so the closure call is amortised. Nothing is visited if any dim is 0.
func forEachOffset(dims, sa, sb []int, a0, b0 int, fn func(a, b int)) {
	for _, d := range dims {
		if d == 0 {
			return
		}
	}
	n := len(dims)
	idx := make([]int, n)
	a, b := a0, b0
	for {
		fn(a, b)
		k := n - 1
		for ; k >= 0; k-- {
			idx[k]++
			a += sa[k]
			b += sb[k]
			if idx[k] < dims[k] {
				break
			}
			a -= sa[k] * dims[k]
			b -= sb[k] * dims[k]
			idx[k] = 0
		}
		if k < 0 {
			return
		}
	}
}

// setAll sets every element of s to v. For long slices it doubles a filled prefix with copy(),
// which runs at memmove speed, instead of a scalar store loop (the generic T rules out memclr).
func setAll[T any](s []T, v T) {
	if len(s) < 32 {
		for i := range s {
			s[i] = v
		}
		return
	}
	s[0] = v
	for n := 1; n < len(s); n *= 2 {
		copy(s[n:], s[:n])
	}
}
