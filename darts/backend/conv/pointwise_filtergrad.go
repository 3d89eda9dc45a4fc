package conv

import "github.com/dartsml/godarts/darts/backend/gemm"

// PointwiseFilterGrad sets out = xᵀ·v for row-major x [m, c], v [m, co] and out [c, co]: the
// kernel gradient of a 1×1 convolution, m running over batch and positions.
//
// It is one transposed-A matrix product, but a very deep and narrow one (m in the tens of
// thousands, c and co in the tens): split by rows of out, as gemm splits its work, the few
// 12-row panels of out cannot keep two cores equally busy (three panels for c = 36). Instead m
// is cut into a fixed number of slices whose products run side by side into partial buffers,
// added in slice order, so the result does not depend on the number of goroutines.
//
// On AVX-512, float32 products with c and co of at least 12 and 16 (either way round) skip gemm
// for register tiles that read x and v as they lie (pointwiseGradTiles), in the same slices.
func PointwiseFilterGrad[T float](c, co, m int, x, v, out []T) {
	checkLen("x", len(x), m*c)
	checkLen("v", len(v), m*co)
	checkLen("out", len(out), c*co)
	out = out[:c*co]
	if xs, ok := any(x).([]float32); ok && m > 0 && pwGradSupported(c, co) {
		pointwiseGradTiles(c, co, m, xs, any(v).([]float32), any(out).([]float32))
		return
	}
	slices := min(pointwiseGradSlices, m/pointwiseGradMinRows)
	flops := 2 * float64(m) * float64(c) * float64(co)
	if slices <= 1 || flops < minParallelFlops {
		transMatmul(c, co, m, x, v, out)
		return
	}
	partp := getScratch[T]((slices - 1) * c * co)
	defer putScratch(partp)
	part := *partp
	runTasks(slices, flops, func(next func() int) {
		for t := next(); t >= 0; t = next() {
			lo, hi := t*m/slices, (t+1)*m/slices
			dst := out // slice 0 writes out itself, the others their partial buffer
			if t > 0 {
				dst = part[(t-1)*c*co : t*c*co]
			}
			transMatmul(c, co, hi-lo, x[lo*c:], v[lo*co:], dst)
		}
	})
	for t := 1; t < slices; t++ {
		addTo(out, part[(t-1)*c*co:t*c*co])
	}
}

// pointwiseGradSlices and pointwiseGradMinRows: four slices balance two cores (and leave slack
// for one that is busy elsewhere); a slice shorter than a few k blocks of gemm would spend more
// on its own set-up and output than it saves.
const (
	pointwiseGradSlices  = 4
	pointwiseGradMinRows = 1024
)

// transMatmul sets out = xᵀ·v (x [k, m] row-major, v [k, n], out [m, n]).
func transMatmul[T float](m, n, k int, x, v, out []T) {
	switch xv := any(x).(type) {
	case []float32:
		gemm.Sgemm(true, false, m, n, k, 1, xv, m, any(v).([]float32), n, 0, any(out).([]float32), n)
	case []float64:
		gemm.Dgemm(true, false, m, n, k, 1, xv, m, any(v).([]float64), n, 0, any(out).([]float64), n)
	}
}
