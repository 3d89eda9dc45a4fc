package tensorops

// pool2D is ReduceWindow's fast path for NHWC pooling: window and strides 1 on the batch and
// channel axes, so every window position contributes a whole channel vector. The valid window
// rows and columns are computed per output position (no per-element bounds checks), and sums and
// maxima run as plain loops over the channels.
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
	return true
}
