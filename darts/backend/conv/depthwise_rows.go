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
	// tiled[t][o*c+ch] = kernel[t*c+ch]: the weights of tap t repeated for every output column.
	tiled := make([][]float32, kh*kw)
	for t := range tiled {
		tiled[t] = make([]float32, ow*c)
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
			clear(out)
			for i := 0; i < kh; i++ {
				iy := y + i*dh - pt
				if iy < 0 || iy >= h {
					continue
				}
				inRow := input[(b*h+iy)*w*c : (b*h+iy+1)*w*c]
				for j := 0; j < kw; j++ {
					shift := j*dw - pl // input column = output column + shift
					lo, hi := max(0, -shift), min(ow, w-shift)
					if lo >= hi {
						continue
					}
					vec.FMAdd(out[lo*c:hi*c], inRow[(lo+shift)*c:(hi+shift)*c], tiled[i*kw+j][lo*c:hi*c])
				}
			}
		}
	})
	return true
}
