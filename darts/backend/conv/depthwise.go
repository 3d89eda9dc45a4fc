package conv

// convDepthwise handles FeatureGroups == Cin with one input channel per group: output channel
// co = c*mult + j reads only input channel c. There is no reduction over channels, so im2col
// plus gemm would multiply 1-column matrices; instead, for each output position we walk its
// valid taps (padding and dilation holes were dropped when the taps were built) and do an
// element-wise multiply-add over the contiguous channel vector, which is a streaming loop in
// NHWC. Output rows (batch, outer position) are independent and shared between goroutines.
func convDepthwise[T float](g *geometry, input, kernel, output []T) {
	if g.oLast == 0 {
		return
	}
	cin, cout := g.cin, g.cout
	mult := cout / cin
	rowLen := g.oLast * cout
	flops := 2 * float64(len(output)) * float64(g.kerPositions)
	rows := g.allRows(cin, cout)
	runTasks(g.n*g.outerCount, flops, func(next func() int) {
		for t := next(); t >= 0; t = next() {
			// Task t is output row b*outerCount+outer of the [N, outer..., oLast, Cout] output.
			outer, b := t/g.n, t%g.n
			rt := &rows[outer]
			row := b*g.outerCount + outer
			dst := output[row*rowLen : (row+1)*rowLen]
			in := input[b*g.inImage:]
			if fast := useAVX2 && mult == 1 && rt.fits(len(in), len(kernel), cin, cout); fast {
				if in32, ok := any(in).([]float32); ok {
					ker32, out32 := any(kernel).([]float32), any(dst).([]float32)
					for ol := 0; ol < g.oLast; ol++ {
						s0, s1 := rt.start[ol], rt.start[ol+1]
						if s0 == s1 {
							clear(out32[ol*cout : ol*cout+cout])
							continue
						}
						depthwiseDot32(&out32[ol*cout], &in32[0], &ker32[0], &rt.x[s0], &rt.w[s0], s1-s0, cout)
					}
					continue
				}
			}
			for ol := 0; ol < g.oLast; ol++ {
				acc := dst[ol*cout : ol*cout+cout]
				xo, wo := rt.x[rt.start[ol]:rt.start[ol+1]], rt.w[rt.start[ol]:rt.start[ol+1]]
				if mult == 1 {
					depthwiseDot(acc, in, kernel, xo, wo)
					continue
				}
				clear(acc)
				for i := range xo {
					mulAddMult(acc, in[xo[i]:xo[i]+cin], kernel[wo[i]:wo[i]+cout], mult)
				}
			}
		}
	})
}

// rowTaps lists, for every output position ol of one output row, the element offsets of its
// valid taps: x (from the start of an input image, times the channel stride xStride) and w
// (into the kernel, times wStride). These are the same for every batch item, and flattening
// them once per row keeps the per-position loops free of index arithmetic.
type rowTaps struct {
	start      []int // taps of ol are [start[ol], start[ol+1])
	x, w       []int
	ot         []outerTap
	maxX, maxW int // the largest x and w offsets (-1 without taps)
}

// fits reports whether every tap reads inside operands of lengths inLen and kerLen when it
// reads xn elements of the input and wn of the kernel from its offsets: the check the
// assembly loops rely on, done once per row instead of once per multiply.
func (rt *rowTaps) fits(inLen, kerLen, xn, wn int) bool {
	return rt.maxX+xn <= inLen && rt.maxW+wn <= kerLen
}

func (rt *rowTaps) build(g *geometry, outer, xStride, wStride int) {
	rt.ot = g.outerTaps(outer, rt.ot[:0])
	rt.start, rt.x, rt.w = rt.start[:0], rt.x[:0], rt.w[:0]
	last := &g.taps[g.d-1]
	for ol := 0; ol < g.oLast; ol++ {
		rt.start = append(rt.start, len(rt.x))
		for _, o := range rt.ot {
			for t := last.start[ol]; t < last.start[ol+1]; t++ {
				rt.x = append(rt.x, o.in+last.in[t]*xStride)
				rt.w = append(rt.w, (o.k+last.k[t])*wStride)
			}
		}
	}
	rt.start = append(rt.start, len(rt.x))
	rt.maxX, rt.maxW = -1, -1
	for i, x := range rt.x {
		rt.maxX, rt.maxW = max(rt.maxX, x), max(rt.maxW, rt.w[i])
	}
}

// depthwiseDot sets acc[c] = Σ_i in[xo[i]+c] · ker[wo[i]+c] for c < len(acc). Channels go in
// blocks of 8 (then 4, then 1) whose sums live in registers across all taps, so each multiply
// costs two loads and no load/store of the accumulator.
func depthwiseDot[T float](acc, in, ker []T, xo, wo []int) {
	n := len(acc)
	wo = wo[:len(xo)]
	c := 0
	for ; c+8 <= n; c += 8 {
		var a0, a1, a2, a3, a4, a5, a6, a7 T
		for i, xi := range xo {
			x := in[xi+c : xi+c+8 : xi+c+8]
			w := ker[wo[i]+c : wo[i]+c+8 : wo[i]+c+8]
			a0 += x[0] * w[0]
			a1 += x[1] * w[1]
			a2 += x[2] * w[2]
			a3 += x[3] * w[3]
			a4 += x[4] * w[4]
			a5 += x[5] * w[5]
			a6 += x[6] * w[6]
			a7 += x[7] * w[7]
		}
		a := acc[c : c+8 : c+8]
		a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7] = a0, a1, a2, a3, a4, a5, a6, a7
	}
	for ; c+4 <= n; c += 4 {
		var a0, a1, a2, a3 T
		for i, xi := range xo {
			x := in[xi+c : xi+c+4 : xi+c+4]
			w := ker[wo[i]+c : wo[i]+c+4 : wo[i]+c+4]
			a0 += x[0] * w[0]
			a1 += x[1] * w[1]
			a2 += x[2] * w[2]
			a3 += x[3] * w[3]
		}
		a := acc[c : c+4 : c+4]
		a[0], a[1], a[2], a[3] = a0, a1, a2, a3
	}
	for ; c < n; c++ {
		var a0 T
		for i, xi := range xo {
			a0 += in[xi+c] * ker[wo[i]+c]
		}
		acc[c] = a0
	}
}

// mulAddMult does acc[c*mult+j] += x[c]*w[c*mult+j]: channel multiplier > 1.
func mulAddMult[T float](acc, x, w []T, mult int) {
	for c, xv := range x {
		a := acc[c*mult : c*mult+mult]
		ww := w[c*mult : c*mult+mult]
		for j := range a {
			a[j] += xv * ww[j]
		}
	}
}
