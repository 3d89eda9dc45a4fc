package gemm

import "fmt"

// A recurrent network multiplies by the same weight at every time step: 35 products of
// 64×850·850×1700 per PTB cell weight and batch. Each call of Sgemm packs B again, or (few row
// panels) reads it in place, which for a weight that lives in L3 means a new page every k row
// (a 1700-float row is 6.8 KB), out of reach of the hardware prefetchers. Packing it once and
// handing the panels to every product streams each panel from consecutive addresses instead:
// with nine weights in turn, as in the PTB cell, 107 → 170-200 GFLOP/s (h·W) and 101 → 155-185
// (dy·Wᵀ) on 2 cores (BenchmarkSgemmPackedB against BenchmarkSgemmRotatingB).
//
// The panels are laid out for this process's kernel (its nr), so a packed B is only valid for
// GemmPacked calls of the same process and element type.

// configFor returns the kernel configuration Sgemm or Dgemm uses for T.
func configFor[T float32 | float64]() *config[T] {
	var zero T
	if _, ok := any(zero).(float32); ok {
		return any(sgemmConfig()).(*config[T])
	}
	return any(&dgemmCfg).(*config[T])
}

// PackedLen returns the length of the buffer PackB fills for a k×n op(B).
func PackedLen[T float32 | float64](k, n int) int {
	nr := configFor[T]().nr
	return ceilDiv(n, nr) * nr * k
}

// PackB packs op(B), k×n (B itself when transB is false, else Bᵀ with B n×k), row stride ldb,
// into packed (PackedLen(k, n) values) for GemmPacked.
func PackB[T float32 | float64](transB bool, k, n int, b []T, ldb int, packed []T) {
	if k < 0 || n < 0 {
		panic(fmt.Sprintf("gemm: PackB: negative dimension k=%d n=%d", k, n))
	}
	if want := PackedLen[T](k, n); len(packed) != want {
		panic(fmt.Sprintf("gemm: PackB: packed has %d values, a %d×%d op(B) needs %d", len(packed), k, n, want))
	}
	if k == 0 || n == 0 {
		return
	}
	if transB {
		checkMatrix("B", b, n, k, ldb)
	} else {
		checkMatrix("B", b, k, n, ldb)
	}
	cfg := configFor[T]()
	p := &problem[T]{transB: transB, n: n, k: k, b: b, ldb: ldb, packedB: packed}
	nPanels := ceilDiv(n, cfg.nr)
	if t := min(workers(k, n, 1), nPanels); t > 1 {
		parallel(t, func(w, nw int) {
			lo, hi := split(nPanels, w, nw)
			packBRange(p, lo, hi, cfg.nr)
		})
		return
	}
	packBRange(p, 0, nPanels, cfg.nr)
}

// GemmPacked computes C = alpha·op(A)·op(B) + beta·C like Sgemm and Dgemm, with op(B) given as
// PackB packed it.
func GemmPacked[T float32 | float64](transA bool, m, n, k int, alpha T, a []T, lda int,
	packed []T, beta T, c []T, ldc int) {
	if want := PackedLen[T](max(k, 0), max(n, 0)); len(packed) != want {
		panic(fmt.Sprintf("gemm: GemmPacked: packed has %d values, a %d×%d op(B) needs %d", len(packed), k, n, want))
	}
	if degenerate(transA, m, n, k, alpha, a, lda, beta, c, ldc) {
		return
	}
	run(configFor[T](), &problem[T]{transA: transA, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
		beta: beta, c: c, ldc: ldc, packedB: packed, prepacked: true})
}
