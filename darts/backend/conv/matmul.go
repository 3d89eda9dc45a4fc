package conv

import "github.com/dartsml/godarts/darts/backend/gemm"

// float is the set of element types Conv supports.
type float interface{ float32 | float64 }

// matmul computes c = a·b + beta·c for row-major a (m×k), b (k×n), c (m×n) with the given
// row strides, dispatching to gemm.Sgemm or gemm.Dgemm. With beta = 0, c is only written.
func matmul[T float](m, n, k int, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch av := any(a).(type) {
	case []float32:
		if beta == 0 && pointwiseMul(m, n, k, av, lda, any(b).([]float32), ldb, any(c).([]float32), ldc) {
			return // the same values as gemm's, faster at the 1×1 convolutions' shapes
		}
		gemm.Sgemm(false, false, m, n, k, 1, av, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	case []float64:
		gemm.Dgemm(false, false, m, n, k, 1, av, lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	default:
		panic("conv: unsupported element type")
	}
}
