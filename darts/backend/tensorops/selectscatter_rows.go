package tensorops

import "github.com/dartsml/godarts/darts/backend/vec"

// selectScatterRowsF32 is SelectAndScatter for float32 NHWC pooling (window and stride 1 on the
// batch and channel axes, no padding there), an output row at a time: each window tap compares
// the input row, shifted by the tap's column, with the row's current picks in one vector pass
// over all its pixels and channels (vec's AVX2 PickGE or PickLE: a compare, then blends for the
// pick and its tap), instead of a branchy loop over a few channels per window. At column stride
// sw > 1 the tap's pixels are sw apart in the input; each image is regrouped by column phase
// (colPhases) so that they are consecutive again. The selection is SelectAndScatter's: each window starts from its first in-bounds position in
// row-major order and takes a later one v unless pick >= v (<= for min), and the windows scatter
// in row-major order, so the result is bit for bit the same. It reports false, doing nothing,
// for other layouts.
func selectScatterRowsF32(dst, operand []float32, dims []int, source []float32, window, strides []int,
	padding [][2]int, selectMax bool) bool {
	if len(dims) != 4 || window[0] != 1 || window[3] != 1 || strides[0] != 1 || strides[3] != 1 ||
		padLo(padding, 0)+padHi(padding, 0)+padLo(padding, 3)+padHi(padding, 3) != 0 {
		return false
	}
	outDims := WindowOutputShape(dims, window, strides, padding)
	n, h, w, c := dims[0], dims[1], dims[2], dims[3]
	oh, ow := outDims[1], outDims[2]
	kh, kw, sh, sw := window[1], window[2], strides[1], strides[2]
	pt, pl := padLo(padding, 1), padLo(padding, 2)
	rowLen := ow * c
	offs := make([]int, kh*kw) // tap t's offset in the input from its window's top-left corner
	for t := range offs {
		offs[t] = (t/kw*w + t%kw) * c
	}
	step := vec.PickGE // keep the pick p (and its tap) against v where p >= v, else take v
	if !selectMax {
		step = vec.PickLE
	}
	clear(dst)
	parallelRange(n, oh*kh*kw*rowLen, func(lo, hi int) {
		pick, tap := make([]float32, rowLen), make([]float32, rowLen) // tap: its index, as a float32 (exact below 2^24)
		ph := newColPhases(h, w, c, sw)
		for b := lo; b < hi; b++ {
			ph.load(operand, b)
			for y := 0; y < oh; y++ {
				i0, i1 := max(0, y*sh-pt), min(h, y*sh-pt+kh) // input rows
				if i0 >= i1 {
					continue // windows entirely in the padding scatter nothing
				}
				// Output x sees input columns x·sw−pl+j for j in [max(0, pl−x·sw), min(kw, w+pl−x·sw)).
				// Its first in-bounds position: row i0, column tap max(0, pl−x·sw).
				first := src2DRow(operand, b, i0, h, w, c)
				for x := 0; x < ow; x++ {
					if j := max(0, pl-x*sw); j < min(kw, w+pl-x*sw) {
						col := x*sw - pl + j
						copy(pick[x*c:(x+1)*c], first[col*c:(col+1)*c])
						t := (i0-(y*sh-pt))*kw + j
						fill(tap[x*c:(x+1)*c], float32(t))
					}
				}
				for i := i0; i < i1; i++ {
					for j := 0; j < kw; j++ {
						x0, x1, r, q := ph.tap(j, pl, ow)
						if i == i0 { // skip the outputs whose first position this is
							if j == 0 {
								continue
							}
							x0 = max(x0, floorDiv(pl-j, sw)+1) // those with x·sw ≤ pl−j have a tap before j
						}
						if x0 >= x1 {
							continue
						}
						t := (i-(y*sh-pt))*kw + j
						step(pick[x0*c:x1*c], tap[x0*c:x1*c], ph.row(r, i)[(x0+q)*c:(x1+q)*c], float32(t))
					}
				}
				// Element e = x·c+k of the row picked tap t: input (y·sh−pt+t/kw, x·sw−pl+t%kw, k),
				// at base + x·sw·c + k + offs[t].
				g := source[((b*oh+y)*ow)*c : ((b*oh+y)*ow+ow)*c]
				base := ((b*h+y*sh-pt)*w - pl) * c
				for x := 0; x < ow; x++ {
					if max(0, pl-x*sw) >= min(kw, w+pl-x*sw) {
						continue
					}
					xb := base + x*sw*c
					for k := range c {
						e := x*c + k
						dst[xb+k+offs[int(tap[e])]] += g[e]
					}
				}
			}
		}
	})
	return true
}

// src2DRow is row i of image b of an NHWC tensor.
func src2DRow(x []float32, b, i, h, w, c int) []float32 {
	return x[(b*h+i)*w*c : (b*h+i+1)*w*c]
}

// fill sets every element of x to v.
func fill(x []float32, v float32) {
	for k := range x {
		x[k] = v
	}
}
