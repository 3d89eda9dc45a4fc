package conv

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// pointwiseGradShapes are the 1×1 kernel gradients of a DARTS_V2 CIFAR-10 training step at the
// paper's size (batch 96, C = 36): the sep_conv pointwise layers of the three stages, c = co
// channels over m = batch × positions rows (32×32, 16×16, 8×8), each 255 MFLOP.
var pointwiseGradShapes = [][3]int{{36, 36, 96 * 32 * 32}, {72, 72, 96 * 16 * 16}, {144, 144, 96 * 8 * 8}}

// BenchmarkPointwiseFilterGrad reports GFLOP/s of PointwiseFilterGrad at pointwiseGradShapes, on
// the AVX-512 tiles and on gemm (the tiles switched off).
func BenchmarkPointwiseFilterGrad(b *testing.B) {
	for _, sh := range pointwiseGradShapes {
		c, co, m := sh[0], sh[1], sh[2]
		r := rand.New(rand.NewPCG(1, 2))
		x, v := randSlice[float32](r, m*c), randSlice[float32](r, m*co)
		out := make([]float32, c*co)
		for _, path := range []string{"tiles", "gemm"} {
			b.Run(fmt.Sprintf("%dx%dx%d/%s", c, co, m, path), func(b *testing.B) {
				if path == "gemm" {
					defer func(old bool) { useAVX512 = old }(useAVX512)
					useAVX512 = false
				}
				PointwiseFilterGrad(c, co, m, x, v, out) // warm the pools
				for b.Loop() {
					PointwiseFilterGrad(c, co, m, x, v, out)
				}
				perOp := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(perOp*1e3, "ms/op")
				b.ReportMetric(2*float64(c*co*m)/perOp/1e9, "GFLOP/s")
			})
		}
	}
}
