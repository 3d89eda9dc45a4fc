package tensorops

import "github.com/dartsml/godarts/darts/backend/vec"

// pool2D is ReduceWindow's fast path for NHWC pooling: window and strides 1 on the batch and
// channel axes, so every window position contributes a whole channel vector. The valid window
// rows and columns are computed per output position (no per-element bounds checks); float32 runs
// a row at a time (pool2DRowsF32), float64 as loops over the channels (pool2DChannels).
func pool2D[T float32 | float64](dst, src []T, dims, window, strides []int, padding [][2]int, outDims []int,
	op WindowReduction) bool {
	if len(dims) != 4 || window[0] != 1 || window[3] != 1 || strides[0] != 1 || strides[3] != 1 ||
		padLo(padding, 0)+padHi(padding, 0)+padLo(padding, 3)+padHi(padding, 3) != 0 ||
		(op != WindowSum && op != WindowMax) {
		return false
	}
	n, h, w, c := dims[0], dims[1], dims[2], dims[3]
	oh, ow := outDims[1], outDims[2]
	kh, kw, sh, sw := window[1], window[2], strides[1], strides[2]
	pt, pl := padLo(padding, 1), padLo(padding, 2)
	if d32, ok := any(dst).([]float32); ok {
		pool2DRowsF32(d32, any(src).([]float32), n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, op)
	} else {
		pool2DChannels(dst, src, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, op)
	}
	return true
}

// pool2DChannels is pool2D one output pixel at a time, a loop over its channels per window tap.
func pool2DChannels[T float32 | float64](dst, src []T, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl int, op WindowReduction) {
	identity := T(reductionIdentity(op))
	parallelRange(n*oh, ow*kh*kw*c, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			b, y := t/oh, t%oh
			i0, i1 := max(0, y*sh-pt), min(h, y*sh-pt+kh)
			for x := 0; x < ow; x++ {
				j0, j1 := max(0, x*sw-pl), min(w, x*sw-pl+kw)
				acc := dst[((b*oh+y)*ow+x)*c : ((b*oh+y)*ow+x+1)*c]
				for k := range acc {
					acc[k] = identity
				}
				for i := i0; i < i1; i++ {
					row := src[((b*h+i)*w)*c:]
					for j := j0; j < j1; j++ {
						v := row[j*c : j*c+len(acc)]
						if op == WindowSum {
							for k := range acc {
								acc[k] += v[k]
							}
						} else {
							for k, vk := range v {
								if vk > acc[k] || vk != vk {
									acc[k] = vk
								}
							}
						}
					}
				}
			}
		}
	})
}

// pool2DRowsF32 is pool2D in float32, a whole output row at a time: window tap (i, j) adds (or
// maxes) the input row i, shifted by j pixels, into the output row for every output pixel whose
// window holds it, one vector operation over all their channels (vec's AVX2 loops). At column
// stride sw > 1 those input pixels are sw apart; each image is first regrouped by column phase
// (colPhases) so that they are consecutive again. The channel loops of pool2D are as long as the
// channels, a few on PC-DARTS's partial edges, and branch per element; these are as long as the
// row. Each output still combines its taps row by row, column by column, from the identity, as
// pool2D does, so the results are bit for bit the same.
func pool2DRowsF32(dst, src []float32, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl int, op WindowReduction) {
	identity := float32(reductionIdentity(op))
	rowLen := ow * c
	parallelRange(n*oh, ow*kh*kw*c, func(lo, hi int) {
		ph := newColPhases(h, w, c, sw)
		for t := lo; t < hi; t++ {
			b, y := t/oh, t%oh
			ph.load(src, b)
			acc := dst[t*rowLen : (t+1)*rowLen]
			for k := range acc {
				acc[k] = identity
			}
			for i := max(0, y*sh-pt); i < min(h, y*sh-pt+kh); i++ {
				for j := 0; j < kw; j++ {
					x0, x1, r, q := ph.tap(j, pl, ow)
					if x0 >= x1 {
						continue
					}
					a, v := acc[x0*c:x1*c], ph.row(r, i)[(x0+q)*c:(x1+q)*c]
					if op == WindowSum {
						vec.Add(a, a, v)
					} else {
						vec.Max(a, v, a) // v where v is NaN or greater, as pool2D's loop
					}
				}
			}
		}
	})
}
