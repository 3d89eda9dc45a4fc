package nn

import "math"

// Straightforward loop implementations of PyTorch's semantics, to test the graph ops against.

// refConv2D is conv2d on NHWC x and HWIO w. With depthwise, w is [kh, kw, 1, C] and channel c
// only sees input channel c.
func refConv2D(x, w *tensor4, stride, dilation, padding int, depthwise bool) *tensor4 {
	n, h, wd, cin := x.dims[0], x.dims[1], x.dims[2], x.dims[3]
	kh, kw, cout := w.dims[0], w.dims[1], w.dims[3]
	oh := convOutputSize(h, kh, stride, dilation, padding)
	ow := convOutputSize(wd, kw, stride, dilation, padding)
	y := newTensor4(n, oh, ow, cout)
	for b := 0; b < n; b++ {
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				for co := 0; co < cout; co++ {
					sum := 0.0
					for ki := 0; ki < kh; ki++ {
						for kj := 0; kj < kw; kj++ {
							r, c := i*stride+ki*dilation-padding, j*stride+kj*dilation-padding
							if r < 0 || r >= h || c < 0 || c >= wd {
								continue // Zero padding.
							}
							if depthwise {
								sum += x.at(b, r, c, co) * w.at(ki, kj, 0, co)
								continue
							}
							for ci := 0; ci < cin; ci++ {
								sum += x.at(b, r, c, ci) * w.at(ki, kj, ci, co)
							}
						}
					}
					y.set(b, i, j, co, sum)
				}
			}
		}
	}
	return y
}

// refPool2D is max_pool2d (padding acts as -inf) or avg_pool2d with count_include_pad=False.
func refPool2D(x *tensor4, k, stride, padding int, isMax bool) *tensor4 {
	n, h, wd, ch := x.dims[0], x.dims[1], x.dims[2], x.dims[3]
	oh, ow := convOutputSize(h, k, stride, 1, padding), convOutputSize(wd, k, stride, 1, padding)
	y := newTensor4(n, oh, ow, ch)
	for b := 0; b < n; b++ {
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				for c := 0; c < ch; c++ {
					best, sum, count := math.Inf(-1), 0.0, 0
					for ki := 0; ki < k; ki++ {
						for kj := 0; kj < k; kj++ {
							r, col := i*stride+ki-padding, j*stride+kj-padding
							if r < 0 || r >= h || col < 0 || col >= wd {
								continue
							}
							v := x.at(b, r, col, c)
							best, sum, count = math.Max(best, v), sum+v, count+1
						}
					}
					if isMax {
						y.set(b, i, j, c, best)
					} else {
						y.set(b, i, j, c, sum/float64(count))
					}
				}
			}
		}
	}
	return y
}

// refBatchNorm is batch_norm in training mode: it returns the normalised output, the batch mean
// and the unbiased batch variance. gamma and beta may be nil.
func refBatchNorm(x *tensor4, gamma, beta []float64, eps float64) (y *tensor4, mean, varUnbiased []float64) {
	ch := x.dims[3]
	m := x.dims[0] * x.dims[1] * x.dims[2]
	mean, variance := make([]float64, ch), make([]float64, ch)
	for i, v := range x.data {
		mean[i%ch] += v / float64(m)
	}
	for i, v := range x.data {
		variance[i%ch] += (v - mean[i%ch]) * (v - mean[i%ch]) / float64(m)
	}
	y = &tensor4{dims: x.dims, data: make([]float64, len(x.data))}
	for i, v := range x.data {
		c := i % ch
		out := (v - mean[c]) / math.Sqrt(variance[c]+eps)
		if gamma != nil {
			out *= gamma[c]
		}
		if beta != nil {
			out += beta[c]
		}
		y.data[i] = out
	}
	varUnbiased = make([]float64, ch)
	for c := range variance {
		varUnbiased[c] = variance[c] * float64(m) / float64(m-1)
	}
	return y, mean, varUnbiased
}

// refConv2DGradients is the adjoint of refConv2D (dense): with v = dL/dy,
// dx[n, r, c, ci] = Σ v[n, i, j, co]·w[ki, kj, ci, co] and dw[ki, kj, ci, co] = Σ v[n, i, j, co]·x[n, r, c, ci]
// over every (i, j, ki, kj) with r = i·s + ki·d − p, c = j·s + kj·d − p inside the image.
func refConv2DGradients(x, w, v *tensor4, stride, dilation, padding int) (dx, dw *tensor4) {
	dx = newTensor4(x.dims[0], x.dims[1], x.dims[2], x.dims[3])
	dw = newTensor4(w.dims[0], w.dims[1], w.dims[2], w.dims[3])
	for b := 0; b < v.dims[0]; b++ {
		for i := 0; i < v.dims[1]; i++ {
			for j := 0; j < v.dims[2]; j++ {
				for ki := 0; ki < w.dims[0]; ki++ {
					for kj := 0; kj < w.dims[1]; kj++ {
						r, c := i*stride+ki*dilation-padding, j*stride+kj*dilation-padding
						if r < 0 || r >= x.dims[1] || c < 0 || c >= x.dims[2] {
							continue
						}
						for ci := 0; ci < x.dims[3]; ci++ {
							for co := 0; co < w.dims[3]; co++ {
								g := v.at(b, i, j, co)
								dx.set(b, r, c, ci, dx.at(b, r, c, ci)+g*w.at(ki, kj, ci, co))
								dw.set(ki, kj, ci, co, dw.at(ki, kj, ci, co)+g*x.at(b, r, c, ci))
							}
						}
					}
				}
			}
		}
	}
	return dx, dw
}
