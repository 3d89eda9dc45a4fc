package tensorops

import "fmt"

// The channels-last (inner 1) float32 passes in AVX assembly (batchnorm_avx_amd64.s and, for the
// sums, batchnorm_blocks.go), used when useBNAVX. Each wrapper takes whole rows of c features
// (c = the length of its first per-feature slice) and runs the same float64 operations per
// element, in the same order per feature, as the Go loops of batchnorm_passes.go: only several
// features are taken at once. The results are therefore bit for bit the Go loops' (for every
// value that is not NaN; a NaN stays a NaN), and the two-goroutine split, which decides the order
// of the adds, stays in batchnorm_passes.go.

// avxRows is the number of rows of c features in x; it panics unless x holds whole rows and
// every per-feature slice has c values, as the assembly reads and writes them unchecked.
func avxRows(x []float32, c int, perFeature ...[]float64) int {
	if c <= 0 || len(x)%c != 0 {
		panic(fmt.Sprintf("tensorops: batch norm kernel given %d values for rows of %d features", len(x), c))
	}
	for _, p := range perFeature {
		if len(p) < c {
			panic(fmt.Sprintf("tensorops: batch norm kernel given %d per-feature values for %d features", len(p), c))
		}
	}
	return len(x) / c
}

// affineAVX writes y[p, c] = float32((x[p, c] − m[c])·a[c] + b[c]).
func affineAVX(y, x []float32, m, a, b []float64) {
	n := avxRows(x, len(m), a, b)
	y = y[:len(x)]
	if n > 0 {
		bnAffine32(&y[0], &x[0], &m[0], &a[0], &b[0], n, len(m))
	}
}

// gradApplyAVX writes dx[p, c] = float32(k[c]·(dy[p, c] − m1[c] − (x[p, c] − m[c])·m2[c])).
func gradApplyAVX(dx, x, dy []float32, m, k, m1, m2 []float64) {
	n := avxRows(x, len(m), k, m1, m2)
	dx, dy = dx[:len(x)], dy[:len(x)]
	if n > 0 {
		bnGradApply32(&dx[0], &x[0], &dy[0], &m[0], &k[0], &m1[0], &m2[0], n, len(m))
	}
}
