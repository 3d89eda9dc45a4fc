package imagenet

import "math"

// kernel holds the 1-D weights that resize a line of inSize pixels to outSize pixels, for the
// outputs first … first+count-1 only: the evaluation pipeline resizes and then keeps a centre
// window, so the outputs outside it are never computed.
//
// The filter is PIL's "bilinear" resampling, which torchvision's Resize and RandomResizedCrop
// call on the PIL images of the reference: output pixel i samples the input around the centre
// (i+0.5)·scale with a triangle whose width grows with the scale when shrinking, so that a
// downscale averages every input pixel (antialiasing) instead of skipping most of them; when
// enlarging it is plain linear interpolation between the two nearest pixels.
type kernel struct {
	start   []int     // start[i] is the first input pixel of output i
	taps    []int     // taps[i] is how many input pixels output i reads
	weights []float32 // weights of output i at weights[i*stride:], summing to 1
	stride  int
}

// triangle is the bilinear filter, with support 1.
func triangle(x float64) float64 {
	x = math.Abs(x)
	if x < 1 {
		return 1 - x
	}
	return 0
}

// build fills k, reusing its slices.
func (k *kernel) build(inSize, outSize, first, count int) {
	scale := float64(inSize) / float64(outSize)
	filterScale := max(scale, 1)
	support := filterScale // the triangle's support (1) stretched by the scale
	k.stride = 2*int(math.Ceil(support)) + 1
	k.start = grow(k.start, count)
	k.taps = grow(k.taps, count)
	k.weights = grow(k.weights, count*k.stride)
	for i := range count {
		center := (float64(first+i) + 0.5) * scale
		// Truncation, not floor, as in PIL; the +0.5 rounds the window edges to pixel centres.
		lo := max(int(center-support+0.5), 0)
		hi := min(int(center+support+0.5), inSize)
		// Weights are normalised to sum to 1, so a window cut short by the image border
		// averages the pixels it has.
		weight := func(j int) float64 { return triangle((float64(j) - center + 0.5) / filterScale) }
		sum := 0.0
		for j := lo; j < hi; j++ {
			sum += weight(j)
		}
		w := k.weights[i*k.stride : (i+1)*k.stride]
		for j := lo; j < hi; j++ {
			w[j-lo] = float32(weight(j) / sum)
		}
		taps := hi - lo
		k.start[i], k.taps[i] = lo, taps
	}
}

// span is the range of input pixels that the kernel's outputs read.
func (k *kernel) span() (lo, hi int) {
	lo, hi = k.start[0], 0
	for i, s := range k.start {
		lo = min(lo, s)
		hi = max(hi, s+k.taps[i])
	}
	return lo, hi
}

// resize resamples the region of src (interleaved RGB bytes, srcW pixels a row, whose first row
// and column are input pixels y0 and x0 of the kernels' lines) through the kernels into dst, a
// len(v.start)×len(h.start) RGB image scaled to [0,1]. Rows are filtered first into tmp, then
// columns; the intermediate stays in float32 where PIL rounds it to bytes, a difference of at
// most half a grey level.
func resize(dst []float32, src []byte, srcW, x0, y0 int, h, v *kernel, tmp []float32) []float32 {
	outW, outH := len(h.start), len(v.start)
	_, yEnd := v.span()
	rows := yEnd - y0
	rowLen := outW * 3
	tmp = grow(tmp, rows*rowLen)
	for y := range rows {
		in := src[y*srcW*3 : (y+1)*srcW*3]
		out := tmp[y*rowLen : (y+1)*rowLen]
		for x := range outW {
			w := h.weights[x*h.stride : x*h.stride+h.taps[x]]
			p := in[(h.start[x]-x0)*3:]
			var r, g, b float32
			for j, wt := range w {
				r += wt * float32(p[3*j])
				g += wt * float32(p[3*j+1])
				b += wt * float32(p[3*j+2])
			}
			out[3*x], out[3*x+1], out[3*x+2] = r, g, b
		}
	}
	for y := range outH {
		out := dst[y*rowLen : (y+1)*rowLen]
		clear(out)
		w := v.weights[y*v.stride : y*v.stride+v.taps[y]]
		for j, wt := range w {
			in := tmp[(v.start[y]-y0+j)*rowLen : (v.start[y]-y0+j+1)*rowLen]
			for i, val := range in {
				out[i] += wt * val
			}
		}
		for i := range out {
			out[i] *= 1.0 / 255
		}
	}
	return tmp
}

// grow returns s resized to n elements, reallocating only when its capacity is short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
