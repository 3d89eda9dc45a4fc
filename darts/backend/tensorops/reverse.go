package tensorops

import "fmt"

// Reverse writes into dst the array src (shape dims) with the listed axes reversed: index i of a
// reversed axis of size d goes to d-1-i. The shape is unchanged.
//
// Axes are simplified first: size-1 axes are dropped and adjacent axes of the same kind (both
// reversed or both kept) are merged, since reversing two adjacent axes equals reversing their
// flattened product. What remains is a walk over the outer axes with copy() of the contiguous run
// formed by the trailing kept axes; only when the innermost axis itself is reversed does an
// element-wise loop remain.
func Reverse[T any](dst, src []T, dims []int, axes []int) {
	n := numElements(dims)
	checkLen("src", len(src), n, dims)
	checkLen("dst", len(dst), n, dims)
	rev := make([]bool, len(dims))
	for _, a := range axes {
		if a < 0 || a >= len(dims) {
			panic(fmt.Sprintf("tensorops: Reverse axis %d out of range for dims %v", a, dims))
		}
		rev[a] = true
	}
	sdims, srev := simplifyReverse(dims, rev)
	if n == 0 {
		return
	}
	last := -1 // innermost reversed axis after simplification
	for i, r := range srev {
		if r {
			last = i
		}
	}
	if last < 0 {
		copy(dst, src)
		return
	}
	// Trailing kept axes (at most one after merging) form the contiguous run.
	run := numElements(sdims[last+1:])
	outer := sdims[:last+1]
	strides := rowMajorStrides(outer)
	// Destination strides are negated on reversed axes, starting from the far end of those axes.
	dstStrides := make([]int, len(outer))
	dst0 := 0
	for i := range outer[:last] {
		dstStrides[i] = strides[i]
		if srev[i] {
			dstStrides[i] = -strides[i]
			dst0 += (outer[i] - 1) * strides[i]
		}
	}
	// The innermost reversed axis is handled inside the callback, so the odometer visits only
	// the axes before it.
	d := outer[last]
	forEachOffset(outer[:last], strides[:last], dstStrides[:last], 0, dst0, func(s, t int) {
		s *= run
		t *= run
		if run == 1 {
			in := src[s : s+d]
			out := dst[t : t+d]
			for i, v := range in {
				out[d-1-i] = v
			}
			return
		}
		for i := 0; i < d; i++ {
			j := d - 1 - i
			copy(dst[t+j*run:t+(j+1)*run], src[s+i*run:s+(i+1)*run])
		}
	})
}

// simplifyReverse drops size-1 axes and merges adjacent axes with the same reversed flag.
func simplifyReverse(dims []int, rev []bool) (sdims []int, srev []bool) {
	for i, d := range dims {
		if d == 1 {
			continue
		}
		if len(sdims) > 0 && srev[len(srev)-1] == rev[i] {
			sdims[len(sdims)-1] *= d
			continue
		}
		sdims = append(sdims, d)
		srev = append(srev, rev[i])
	}
	return sdims, srev
}
