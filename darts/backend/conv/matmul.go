package conv

import "github.com/dartsml/godarts/darts/backend/gemm"

// float is the set of element types Conv supports.
type float interface{ float32 | float64 }

// matmul computes c = a·b (beta = 0, so c is only written) for row-major a (m×k), b (k×n),
// c (m×n) with the given row strides, dispatching to gemm.Sgemm or gemm.Dgemm.
func matmul[T float](m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	switch av := any(a).(type) {
	case []float32:
		gemm.Sgemm(false, false, m, n, k, 1, av, lda, any(b).([]float32), ldb, 0, any(c).([]float32), ldc)
	case []float64:
		gemm.Dgemm(false, false, m, n, k, 1, av, lda, any(b).([]float64), ldb, 0, any(c).([]float64), ldc)
	default:
		panic("conv: unsupported element type")
	}
}
