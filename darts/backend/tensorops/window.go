package tensorops

import "fmt"

// WindowOutputShape returns the output dims of a ReduceWindow (e.g. a pooling) over an operand of
// shape dims: per axis, floor((dims[i] + lo + hi - window[i]) / strides[i]) + 1, or 0 when the
// padded axis is shorter than the window. padding may be nil (no padding); otherwise window,
// strides and padding all have one entry per axis.
func WindowOutputShape(dims, window, strides []int, padding [][2]int) []int {
	checkWindowArgs(dims, window, strides, padding)
	out := make([]int, len(dims))
	for i, d := range dims {
		padded := d + padLo(padding, i) + padHi(padding, i)
		if padded < window[i] {
			continue
		}
		out[i] = (padded-window[i])/strides[i] + 1
	}
	return out
}

func padLo(padding [][2]int, axis int) int {
	if padding == nil {
		return 0
	}
	return padding[axis][0]
}

func padHi(padding [][2]int, axis int) int {
	if padding == nil {
		return 0
	}
	return padding[axis][1]
}

// checkWindowArgs panics on window configurations the backend should have rejected already.
func checkWindowArgs(dims, window, strides []int, padding [][2]int) {
	r := len(dims)
	if len(window) != r || len(strides) != r || (padding != nil && len(padding) != r) {
		panic(fmt.Sprintf("tensorops: window %v, strides %v, padding %v do not match rank %d",
			window, strides, padding, r))
	}
	for i := range r {
		if window[i] < 1 || strides[i] < 1 || padLo(padding, i) < 0 || padHi(padding, i) < 0 {
			panic(fmt.Sprintf("tensorops: invalid window %v / strides %v / padding %v", window, strides, padding))
		}
	}
}
