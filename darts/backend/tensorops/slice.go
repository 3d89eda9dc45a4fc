package tensorops

import "fmt"

// SliceShape returns the dims of src[starts:limits:strides] (per axis), checking the bounds.
func SliceShape(dims, starts, limits, strides []int) ([]int, error) {
	if len(starts) != len(dims) || len(limits) != len(dims) || (strides != nil && len(strides) != len(dims)) {
		return nil, fmt.Errorf("slice of rank %d: got %d starts, %d limits, %d strides", len(dims),
			len(starts), len(limits), len(strides))
	}
	out := make([]int, len(dims))
	for i, d := range dims {
		s := 1
		if strides != nil {
			s = strides[i]
		}
		if starts[i] < 0 || limits[i] > d || starts[i] > limits[i] || s < 1 {
			return nil, fmt.Errorf("axis %d (size %d): invalid slice [%d:%d:%d]", i, d, starts[i], limits[i], s)
		}
		out[i] = (limits[i] - starts[i] + s - 1) / s
	}
	return out, nil
}

// Slice writes into dst the elements src[starts[i] : limits[i] : strides[i]] of every axis (nil
// strides: all 1). The innermost axis is copied as one run when its stride is 1.
func Slice[T any](dst, src []T, dims, starts, limits, strides []int) {
	out, err := SliceShape(dims, starts, limits, strides)
	if err != nil {
		panic("tensorops: Slice: " + err.Error())
	}
	checkLen("src", len(src), numElements(dims), dims)
	checkLen("dst", len(dst), numElements(out), out)
	if len(dst) == 0 {
		return
	}
	rank := len(dims)
	if rank == 0 {
		dst[0] = src[0]
		return
	}
	srcStrides := rowMajorStrides(dims)
	step := make([]int, rank) // source offset step per output index, per axis
	src0 := 0
	for i := range dims {
		s := 1
		if strides != nil {
			s = strides[i]
		}
		step[i] = srcStrides[i] * s
		src0 += starts[i] * srcStrides[i]
	}
	inner, innerStep := out[rank-1], step[rank-1]
	dstStrides := rowMajorStrides(out)
	forEachOffset(out[:rank-1], dstStrides[:rank-1], step[:rank-1], 0, src0, func(d, s int) {
		if innerStep == 1 {
			copy(dst[d:d+inner], src[s:s+inner])
			return
		}
		for j := range inner {
			dst[d+j] = src[s+j*innerStep]
		}
	})
}

// Concatenate writes into dst the arrays srcs (shapes dims[k], equal except on axis) joined
// along axis.
func Concatenate[T any](dst []T, srcs [][]T, dims [][]int, axis int) {
	if len(srcs) == 0 || len(srcs) != len(dims) {
		panic(fmt.Sprintf("tensorops: Concatenate: %d inputs with %d shapes", len(srcs), len(dims)))
	}
	base := dims[0]
	if axis < 0 || axis >= len(base) {
		panic(fmt.Sprintf("tensorops: Concatenate axis %d out of range for dims %v", axis, base))
	}
	outer := numElements(base[:axis])
	inner := numElements(base[axis+1:])
	runs := make([]int, len(srcs)) // elements of input k per outer index
	total := 0
	for k, d := range dims {
		if len(d) != len(base) {
			panic(fmt.Sprintf("tensorops: Concatenate: input %d has dims %v, input 0 %v", k, d, base))
		}
		for i := range d {
			if i != axis && d[i] != base[i] {
				panic(fmt.Sprintf("tensorops: Concatenate: input %d has dims %v, input 0 %v", k, d, base))
			}
		}
		checkLen(fmt.Sprintf("srcs[%d]", k), len(srcs[k]), numElements(d), d)
		runs[k] = d[axis] * inner
		total += runs[k]
	}
	checkLen("dst", len(dst), outer*total, nil)
	pos := 0
	for o := range outer {
		for k, src := range srcs {
			n := runs[k]
			copy(dst[pos:pos+n], src[o*n:(o+1)*n])
			pos += n
		}
	}
}
