package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestOverlapRaggedColsIsBitForBit checks that storing a ragged last column panel as the
// overlapping full tile (overlapRaggedCols) gives exactly the C of the scratch-and-merge path,
// on the 1×1 convolution shapes (n = 36, 72: one ragged panel after full ones, B read in place
// or packed) and on shapes where it must not apply (beta ≠ 0, k over one block, transposed B,
// n < nr), with one and two workers and every kernel.
func TestOverlapRaggedColsIsBitForBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	defer func(v float64) { minFlopsPerThread = v }(minFlopsPerThread)
	minFlopsPerThread = 1
	applied := 0
	for _, s := range []struct {
		m, n, k int
		transB  bool
		beta    float32
	}{
		{300, 36, 36, false, 0}, {300, 72, 72, false, 0}, {61, 36, 144, false, 0}, {100, 20, 7, false, 0},
		{300, 36, 36, false, 0.5}, {50, 36, 300, false, 0}, {300, 36, 36, true, 0}, {40, 9, 36, false, 0},
	} {
		for _, kernel := range []string{"", "avx2", "go"} {
			for _, threads := range []int{1, 2} {
				forcePureGo, forceAVX2 = kernel == "go", kernel == "avx2"
				SetThreads(threads)
				a, b := randSlice[float32](rng, s.m*s.k), randSlice[float32](rng, s.k*s.n)
				c0 := randSlice[float32](rng, s.m*s.n)
				ldb := s.n
				if s.transB {
					ldb = s.k
				}
				var got [2][]float32
				for i, on := range []bool{true, false} {
					overlapRaggedCols = on
					got[i] = append([]float32(nil), c0...)
					Sgemm(false, s.transB, s.m, s.n, s.k, 1.5, a, s.k, b, ldb, s.beta, got[i], s.n)
				}
				overlapRaggedCols = true
				for i := range got[0] {
					if math.Float32bits(got[0][i]) != math.Float32bits(got[1][i]) {
						t.Fatalf("%+v kernel %q threads %d: C[%d] = %g overlapping, %g merged", s, kernel, threads, i, got[0][i], got[1][i])
					}
				}
				if s.n%16 != 0 && s.n > 16 && s.beta == 0 && s.k <= 256 && !s.transB {
					applied++
				}
			}
		}
	}
	forcePureGo, forceAVX2 = false, false
	SetThreads(0)
	if applied == 0 {
		t.Fatal("no case could overlap")
	}
}
