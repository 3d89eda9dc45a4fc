package dataset

import (
	"runtime"
	"sync"
)

// convert turns n raw images (plane = H·W pixels, c channels, in layout) into normalised NHWC
// floats through the per-channel tables. Large sets are cut into contiguous runs of images, one
// per available CPU: a 50,000-image CIFAR training set is 150 M table look-ups.
func convert(dst []float32, raw []byte, n, plane, c int, layout Layout, lut [][256]float32) {
	size := plane * c
	workers := min(runtime.GOMAXPROCS(0), max(1, n*size/(1<<20)))
	if workers <= 1 {
		convertRange(dst, raw, 0, n, plane, c, layout, lut)
		return
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += per {
		hi := min(n, lo+per)
		wg.Go(func() { convertRange(dst, raw, lo, hi, plane, c, layout, lut) })
	}
	wg.Wait()
}

func convertRange(dst []float32, raw []byte, lo, hi, plane, c int, layout Layout, lut [][256]float32) {
	size := plane * c
	for i := lo; i < hi; i++ {
		src := raw[i*size : (i+1)*size]
		out := dst[i*size : (i+1)*size]
		switch {
		case c == 1:
			t := &lut[0]
			for j, v := range src {
				out[j] = t[v]
			}
		case c == 3 && layout == CHW:
			// Walk the three planes together so the writes are sequential, instead of three
			// strided passes over out (RGB planes are the CIFAR record layout).
			r, g, b := src[:plane], src[plane:2*plane], src[2*plane:3*plane]
			tr, tg, tb := &lut[0], &lut[1], &lut[2]
			for j := range r {
				o := out[3*j : 3*j+3 : 3*j+3]
				o[0], o[1], o[2] = tr[r[j]], tg[g[j]], tb[b[j]]
			}
		case layout == CHW:
			for ch := 0; ch < c; ch++ {
				t := &lut[ch]
				for j, v := range src[ch*plane : (ch+1)*plane] {
					out[j*c+ch] = t[v]
				}
			}
		default: // HWC: input order is output order, channel cycles every c values
			for j := 0; j < size; j += c {
				for ch := 0; ch < c; ch++ {
					out[j+ch] = lut[ch][src[j+ch]]
				}
			}
		}
	}
}
