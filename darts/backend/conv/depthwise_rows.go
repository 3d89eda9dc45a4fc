package conv

import "github.com/dartsml/godarts/darts/backend/vec"

// convDepthwiseRows is the float32 depthwise path for 2-D convolutions with stride 1, no input
// dilation and one output channel per input channel (the forward pass and the input gradient of
// every stride-1 DARTS sep/dil conv). For a fixed kernel tap, the valid output positions of a row
// read a contiguous run of the input row at a fixed shift, channels included, so each tap is one
// vectorised multiply-add of two contiguous spans, with the tap's weights tiled across the span.
// It reports false when the convolution is not of that form.
func convDepthwiseRows(g *geometry, input, kernel, output []float32) bool {
	if g.d != 2 || g.cout != g.cin || g.strides[0] != 1 || g.strides[1] != 1 || g.ldil[0] != 1 || g.ldil[1] != 1 {
		return false
	}
	h, w, c := g.inSpatial[0], g.inSpatial[1], g.cin
	oh, ow := g.outSpatial[0], g.outSpatial[1]
	kh, kw := g.kerSpatial[0], g.kerSpatial[1]
	dh, dw := g.kdil[0], g.kdil[1]
	pt, pl := g.pads[0][0], g.pads[1][0]
	if oh == 0 || ow == 0 {
		return true
	}
	// tiled[t][o*c+ch] = kernel[t*c+ch]: the weights of tap t repeated for every output column
	// (in a pooled buffer: a training step runs hundreds of these convolutions).
	tiledp := getScratch[float32](kh * kw * ow * c)
	defer putScratch(tiledp)
	tiled := make([][]float32, kh*kw)
	for t := range tiled {
		tiled[t] = (*tiledp)[t*ow*c : (t+1)*ow*c]
		for o := 0; o < ow; o++ {
			copy(tiled[t][o*c:(o+1)*c], kernel[t*c:(t+1)*c])
		}
	}
	rowLen := ow * c
	flops := 2 * float64(len(output)) * float64(kh*kw)
	runTasks(g.n*oh, flops, func(next func() int) {
		for t := next(); t >= 0; t = next() {
			b, y := t/oh, t%oh
			out := output[t*rowLen : (t+1)*rowLen]
			// Interior columns [inLo, inHi) see all kw taps of a kernel row: with AVX2 and a 3-
			// or 5-wide kernel they go to the assembly, the borders tap by tap. A 3×3 window
			// whose three rows all lie inside the input is summed at once (dw3x3Interior),
			// otherwise row by row (dwRowInterior). Under 4 channels (PC-DARTS's partial edges at
			// C=8 have 2) the assembly would leave every channel to its scalar tail, twice as slow
			// as the tap-by-tap vector path over whole rows.
			inLo, inHi := 0, 0
			if useAVX2 && (kw == 3 || kw == 5) && c >= 4 {
				if inLo, inHi = max(0, pl), min(ow, w-(kw-1)*dw+pl); inLo >= inHi {
					inLo, inHi = 0, 0
				}
			}
			whole := kh == 3 && kw == 3 && inLo < inHi && y-pt >= 0 && y+2*dh-pt < h
			if whole {
				clear(out[:inLo*c])
				clear(out[inHi*c:])
				var rows [3][]float32
				for i := range rows {
					iy := y + i*dh - pt
					rows[i] = input[(b*h+iy)*w*c+(inLo-pl)*c : (b*h+iy+1)*w*c]
				}
				dw3x3Interior(out[inLo*c:inHi*c], rows, kernel, inHi-inLo, c, dw*c)
			} else {
				clear(out)
			}
			for i := 0; i < kh; i++ {
				iy := y + i*dh - pt
				if iy < 0 || iy >= h {
					continue
				}
				inRow := input[(b*h+iy)*w*c : (b*h+iy+1)*w*c]
				if !whole && inLo < inHi {
					dwRowInterior(out[inLo*c:inHi*c], inRow[(inLo-pl)*c:], kernel[i*kw*c:(i+1)*kw*c], inHi-inLo, c, dw*c, kw)
				}
				for j := 0; j < kw; j++ {
					shift := j*dw - pl // input column = output column + shift
					lo, hi := max(0, -shift), min(ow, w-shift)
					for _, seg := range [2][2]int{{lo, min(hi, inLo)}, {max(lo, inHi), hi}} {
						if seg[0] < seg[1] {
							a, z := seg[0], seg[1]
							vec.FMAdd(out[a*c:z*c], inRow[(a+shift)*c:(z+shift)*c], tiled[i*kw+j][a*c:z*c])
						}
					}
				}
			}
		}
	})
	return true
}

// dwRowInterior adds the kw taps of one kernel row w [kw, c] to n consecutive output positions
// out [n, c] whose taps all lie inside the input row: x is the input at the first position's
// first tap, tapStep the elements between taps. The assembly does the channels down to a
// multiple of 4, a plain loop the rest.
func dwRowInterior(out, x, w []float32, n, c, tapStep, kw int) {
	_ = out[n*c-1] // the bounds the assembly relies on
	_ = x[(n-1)*c+(kw-1)*tapStep+c-1]
	_ = w[kw*c-1]
	if kw == 3 {
		dwRow3(&out[0], &x[0], &w[0], n, c, tapStep)
	} else {
		dwRow5(&out[0], &x[0], &w[0], n, c, tapStep)
	}
	for ch := c - c%4; ch < c; ch++ {
		for o := 0; o < n; o++ {
			acc := out[o*c+ch]
			for j := 0; j < kw; j++ {
				acc += w[j*c+ch] * x[o*c+j*tapStep+ch]
			}
			out[o*c+ch] = acc
		}
	}
}

// dw3x3Interior sets n consecutive output positions out [n, c] of a 3×3 kernel w [9, c] whose
// taps all lie inside the input: rows[i] is input row i of the window from the first position's
// first tap, tapStep the elements between taps of a row. The assembly does the channels down to
// a multiple of 4, a plain loop the rest.
func dw3x3Interior(out []float32, rows [3][]float32, w []float32, n, c, tapStep int) {
	_ = out[n*c-1] // the bounds the assembly relies on
	for _, r := range rows {
		_ = r[(n-1)*c+2*tapStep+c-1]
	}
	_ = w[9*c-1]
	dw3x3(&out[0], &rows[0][0], &rows[1][0], &rows[2][0], &w[0], n, c, tapStep)
	for ch := c - c%4; ch < c; ch++ {
		for o := 0; o < n; o++ {
			var acc float32
			for i, r := range rows {
				for j := 0; j < 3; j++ {
					acc += w[(3*i+j)*c+ch] * r[o*c+j*tapStep+ch]
				}
			}
			out[o*c+ch] = acc
		}
	}
}
