package tensorops

// SelectAndScatter is XLA's SelectAndScatter with scatter = add and select = GE (selectMax) or
// LE (!selectMax): the gradient of max (min) pooling. operand has shape dims; source has the
// pooled shape WindowOutputShape(dims, window, strides, padding). dst (shape dims) is overwritten
// with zeros, then for each window w, source[w] is added at the operand position the window
// selects.
//
// Selection follows XLA's evaluation: walk the in-bounds window positions in row-major order and
// replace the current pick c by candidate v unless select(c, v) holds (c >= v for max). So ties
// keep the first position, and a NaN always displaces the current pick. Padded positions are
// never selected; a window lying entirely in padding scatters nothing.
//
// Windows that fit inside the operand (all of them, away from the borders) scan a precomputed
// list of flat offsets, so the inner loop is a load and a compare; only border windows check
// bounds per axis.
func SelectAndScatter[T float32 | float64](dst, operand []T, dims []int, source []T,
	window, strides []int, padding [][2]int, selectMax bool) {
	outDims := WindowOutputShape(dims, window, strides, padding)
	checkLen("operand", len(operand), numElements(dims), dims)
	checkLen("dst", len(dst), numElements(dims), dims)
	checkLen("source", len(source), numElements(outDims), outDims)
	clear(dst)
	if len(source) == 0 || len(operand) == 0 {
		return
	}
	r := len(dims)
	opStrides := rowMajorStrides(dims)

	// Window positions in row-major order: flat offsets (fast path) and multi-indices (border).
	nWin := numElements(window)
	offs := make([]int, nWin)
	winIdx := make([]int, nWin*r)
	forEachOffset(window, opStrides, rowMajorStrides(window), 0, 0, func(off, k int) {
		offs[k] = off
		rem := k
		for i := r - 1; i >= 0; i-- {
			winIdx[k*r+i] = rem % window[i]
			rem /= window[i]
		}
	})

	outIdx := make([]int, r)
	start := make([]int, r)
	for _, g := range source {
		inside := true
		base := 0
		for i := range r {
			start[i] = outIdx[i]*strides[i] - padLo(padding, i)
			if start[i] < 0 || start[i]+window[i] > dims[i] {
				inside = false
			}
			base += start[i] * opStrides[i]
		}
		var pos int
		if inside {
			pos = selectInside(operand, base, offs, selectMax)
		} else {
			pos = selectBorder(operand, dims, opStrides, start, winIdx, selectMax)
		}
		if pos >= 0 {
			dst[pos] += g
		}
		// Advance the output multi-index (row-major).
		for i := r - 1; i >= 0; i-- {
			outIdx[i]++
			if outIdx[i] < outDims[i] {
				break
			}
			outIdx[i] = 0
		}
	}
}

// selectInside picks the position in a window fully inside the operand, whose origin is base.
func selectInside[T float32 | float64](operand []T, base int, offs []int, selectMax bool) int {
	pos := base + offs[0]
	cur := operand[pos]
	if selectMax {
		for _, off := range offs[1:] {
			if v := operand[base+off]; !(cur >= v) {
				cur, pos = v, base+off
			}
		}
	} else {
		for _, off := range offs[1:] {
			if v := operand[base+off]; !(cur <= v) {
				cur, pos = v, base+off
			}
		}
	}
	return pos
}

// selectBorder picks the position in a window that overlaps padding, skipping out-of-bounds
// positions; it returns -1 when the whole window is padding.
func selectBorder[T float32 | float64](operand []T, dims, opStrides, start, winIdx []int, selectMax bool) int {
	r := len(dims)
	pos := -1
	var cur T
	for k := 0; k < len(winIdx); k += r {
		off := 0
		ok := true
		for i := range r {
			x := start[i] + winIdx[k+i]
			if x < 0 || x >= dims[i] {
				ok = false
				break
			}
			off += x * opStrides[i]
		}
		if !ok {
			continue
		}
		v := operand[off]
		switch {
		case pos < 0:
			cur, pos = v, off
		case selectMax && !(cur >= v), !selectMax && !(cur <= v):
			cur, pos = v, off
		}
	}
	return pos
}
