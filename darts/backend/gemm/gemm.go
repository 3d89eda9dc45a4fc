package gemm

import "fmt"

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major float32 matrices, where op(X) is X or
// its transpose. op(A) is m×k, op(B) is k×n and C is m×n; lda, ldb and ldc are the row strides.
// When beta is 0, C is not read (it may hold NaNs).
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm(sgemmConfig(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm is Sgemm for float64.
func Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int,
	b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(&dgemmCfg, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemm validates the arguments, disposes of the degenerate cases and runs the blocked driver.
func gemm[T float32 | float64](cfg *config[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	if degenerate(transA, m, n, k, alpha, a, lda, beta, c, ldc) {
		return
	}
	if transB {
		checkMatrix("B", b, n, k, ldb)
	} else {
		checkMatrix("B", b, k, n, ldb)
	}
	if m*n*k <= smallProduct {
		gemmSmall(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// B is packed whole before the product (k×n, rounded up to whole panels). A deep, wide B
	// would need a packed copy as large as itself: the gradient of a recurrent model's tied
	// decoder packs the [T·B, V] logits' gradient, 90 MB at a moderate size, and the pool then
	// keeps such copies on the heap. Instead the product runs as a sum over slices of k, each a
	// multiple of the kernel's k block, which is how the driver accumulates k blocks anyway:
	// the result is bit for bit the same.
	chunk := kChunk(cfg, n, k)
	for k0 := 0; k0 < k; k0 += chunk {
		kk, aOff, bOff := min(chunk, k-k0), k0, k0*ldb
		if transA {
			aOff = k0 * lda
		}
		if transB {
			bOff = k0
		}
		if k0 > 0 {
			beta = 1
		}
		run(cfg, &problem[T]{
			transA: transA, transB: transB, m: m, n: n, k: kk,
			alpha: alpha, a: a[aOff:], lda: lda, b: b[bOff:], ldb: ldb, beta: beta, c: c, ldc: ldc,
		})
	}
}

// degenerate panics on a negative dimension, checks A and C (the assembly kernel does not
// bounds-check, so every slice is checked once here), and reports whether the product is already
// done: nothing to compute, or (k or alpha 0) C only scaled by beta.
func degenerate[T float32 | float64](transA bool, m, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) bool {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	if m == 0 || n == 0 {
		return true
	}
	checkMatrix("C", c, m, n, ldc)
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		return true
	}
	if transA {
		checkMatrix("A", a, k, m, lda)
	} else {
		checkMatrix("A", a, m, k, lda)
	}
	return false
}

// maxPackedB bounds the elements of B packed at once (16 MiB of float32).
var maxPackedB = 4 << 20

// kChunk is the depth of the slices of k that a product runs in: all of k when its packed B
// fits in maxPackedB, else the most whole k blocks (cfg.kc) that fit, at least one.
func kChunk[T float32 | float64](cfg *config[T], n, k int) int {
	panelCols := ceilDiv(n, cfg.nr) * cfg.nr
	if panelCols*k <= maxPackedB {
		return k
	}
	return max(1, maxPackedB/(panelCols*cfg.kc)) * cfg.kc
}

// checkMatrix panics unless x can hold a rows×cols row-major matrix with row stride ld.
func checkMatrix[T any](name string, x []T, rows, cols, ld int) {
	if ld < max(cols, 1) {
		panic(fmt.Sprintf("gemm: ld%s=%d smaller than the %d columns", name, ld, cols))
	}
	if need := (rows-1)*ld + cols; len(x) < need {
		panic(fmt.Sprintf("gemm: %s has %d elements, a %d×%d matrix with stride %d needs %d",
			name, len(x), rows, cols, ld, need))
	}
}

// scaleC sets C = beta·C, writing zeros without reading C when beta is 0.
func scaleC[T float32 | float64](m, n int, beta T, c []T, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// smallProduct is the m·n·k up to which packing, pooling and the kernel call cost more than the
// arithmetic. Measured: 4×4×4 takes ~0.2 µs in the plain loop, 8×8×8 ~1.5 µs, while the blocked
// path costs ~0.3 µs to start and does 16×16×16 in ~0.6 µs.
const smallProduct = 128

// gemmSmall is a direct dot-product loop for tiny products.
func gemmSmall[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	// Strides of op(A) along i and p, and of op(B) along p and j.
	ai, ap, bp, bj := lda, 1, ldb, 1
	if transA {
		ai, ap = 1, lda
	}
	if transB {
		bp, bj = 1, ldb
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var sum T
			for q := 0; q < k; q++ {
				sum += a[i*ai+q*ap] * b[q*bp+j*bj]
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * sum
			} else {
				c[i*ldc+j] = alpha*sum + beta*c[i*ldc+j]
			}
		}
	}
}
