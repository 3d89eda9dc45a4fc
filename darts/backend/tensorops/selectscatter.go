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
// Speed: trailing axes with window 1, stride 1 and no padding (the channels of NHWC pooling) do
// not interact, so they are folded into a contiguous run and selected for side by side: the inner
// loop compares one window position across the whole run. Windows away from the borders use a
// precomputed offset list; border windows filter it per axis.
func SelectAndScatter[T float32 | float64](dst, operand []T, dims []int, source []T,
	window, strides []int, padding [][2]int, selectMax bool) {
	outDims := WindowOutputShape(dims, window, strides, padding)
	checkLen("operand", len(operand), numElements(dims), dims)
	checkLen("dst", len(dst), numElements(dims), dims)
	checkLen("source", len(source), numElements(outDims), outDims)
	if d32, ok := any(dst).([]float32); ok && len(source) > 0 &&
		selectScatterRowsF32(d32, any(operand).([]float32), dims, any(source).([]float32), window, strides, padding, selectMax) {
		return
	}
	selectScatterRuns(dst, operand, dims, source, window, strides, padding, outDims, selectMax)
}

// selectScatterRuns is SelectAndScatter a window at a time, over runs of its trailing axes.
func selectScatterRuns[T float32 | float64](dst, operand []T, dims []int, source []T,
	window, strides []int, padding [][2]int, outDims []int, selectMax bool) {
	clear(dst)
	if len(source) == 0 || len(operand) == 0 {
		return
	}
	// lead = number of leading axes that really window; the rest form runs of length run.
	lead := len(dims)
	for lead > 0 && window[lead-1] == 1 && strides[lead-1] == 1 &&
		padLo(padding, lead-1) == 0 && padHi(padding, lead-1) == 0 {
		lead--
	}
	run := numElements(dims[lead:])
	opStrides := rowMajorStrides(dims) // element strides; the lead ones are multiples of run
	leadWin := window[:lead]

	// Window positions in row-major order: flat offsets and per-axis window indices.
	nWin := numElements(leadWin)
	offs := make([]int, nWin)
	winIdx := make([]int, nWin*lead)
	forEachOffset(leadWin, opStrides[:lead], rowMajorStrides(leadWin), 0, 0, func(off, k int) {
		offs[k] = off
		rem := k
		for i := lead - 1; i >= 0; i-- {
			winIdx[k*lead+i] = rem % leadWin[i]
			rem /= leadWin[i]
		}
	})

	// Windows never span the first axis when it is not windowed (the batch of NHWC pooling), so
	// its indices are split between two workers: their scatters touch disjoint parts of dst.
	splits := 1
	if lead > 1 && window[0] == 1 && strides[0] == 1 && padLo(padding, 0) == 0 && padHi(padding, 0) == 0 {
		splits = dims[0]
	}
	perSplit := len(source) / splits
	parallelRange(splits, perSplit*nWin, func(lo, hi int) {
		sel := selector[T]{
			operand: operand, offs: make([]int, 0, nWin),
			best: make([]T, run), pos: make([]int, run), selectMax: selectMax,
		}
		outIdx := make([]int, lead)
		if splits > 1 {
			outIdx[0] = lo
		}
		start := make([]int, lead)
		for w := lo * perSplit; w < hi*perSplit; w += run {
			inside := true
			base := 0
			for i := range lead {
				start[i] = outIdx[i]*strides[i] - padLo(padding, i)
				if start[i] < 0 || start[i]+window[i] > dims[i] {
					inside = false
				}
				base += start[i] * opStrides[i]
			}
			if inside {
				sel.offs = append(sel.offs[:0], offs...)
			} else {
				// Keep only in-bounds positions, as offsets from base (which may point outside the
				// operand; base+offset never does).
				sel.offs = sel.offs[:0]
				for k, off := range offs {
					ok := true
					for i := range lead {
						if x := start[i] + winIdx[k*lead+i]; x < 0 || x >= dims[i] {
							ok = false
							break
						}
					}
					if ok {
						sel.offs = append(sel.offs, off)
					}
				}
			}
			if len(sel.offs) > 0 {
				sel.choose(base)
				g := source[w : w+run]
				for c, p := range sel.pos {
					dst[p] += g[c]
				}
			}
			for i := lead - 1; i >= 0; i-- { // advance the output multi-index (row-major)
				outIdx[i]++
				if outIdx[i] < outDims[i] {
					break
				}
				outIdx[i] = 0
			}
		}
	})
}

// selector holds the scratch state for picking, for each of run adjacent elements, the selected
// position among the window offsets offs (relative to a base).
type selector[T float32 | float64] struct {
	operand   []T
	offs      []int
	best      []T
	pos       []int
	selectMax bool
}

// choose fills pos with the selected operand index for each element of the run at base.
func (s *selector[T]) choose(base int) {
	run := len(s.best)
	first := base + s.offs[0]
	copy(s.best, s.operand[first:first+run])
	for c := range s.pos {
		s.pos[c] = first + c
	}
	for _, off := range s.offs[1:] {
		o := base + off
		cand := s.operand[o : o+run]
		best := s.best[:len(cand)]
		pos := s.pos[:len(cand)]
		if s.selectMax {
			for c, v := range cand {
				if !(best[c] >= v) {
					best[c], pos[c] = v, o+c
				}
			}
		} else {
			for c, v := range cand {
				if !(best[c] <= v) {
					best[c], pos[c] = v, o+c
				}
			}
		}
	}
}
