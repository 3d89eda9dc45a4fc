package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKChunksBitwise: a product whose packed B exceeds maxPackedB runs as a sum over slices of k
// (see kChunk); its result must be bit for bit that of the product run whole, for every
// transposition, with alpha and beta, padded strides, a k that is not a multiple of the k block,
// and one or two threads.
func TestKChunksBitwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	saved := maxPackedB
	defer func() { maxPackedB = saved }()
	for _, s := range []struct{ m, n, k int }{{37, 300, 1100}, {100, 530, 600}, {9, 64, 513}} {
		for trans := range 4 {
			for _, threads := range []int{1, 2} {
				transA, transB := trans&1 != 0, trans&2 != 0
				lda, ldb, ldc := s.k+3, s.n+5, s.n+2
				if transA {
					lda = s.m + 3
				}
				if transB {
					ldb = s.k + 5
				}
				rows := func(tr bool, r, c int) int {
					if tr {
						return c
					}
					return r
				}
				a := randomSlice(rng, rows(transA, s.m, s.k)*lda)
				b := randomSlice(rng, rows(transB, s.k, s.n)*ldb)
				c0 := randomSlice(rng, s.m*ldc)
				run := func(limit int) []float32 {
					maxPackedB = limit
					c := append([]float32(nil), c0...)
					SetThreads(threads)
					defer SetThreads(0)
					Sgemm(transA, transB, s.m, s.n, s.k, 1.5, a, lda, b, ldb, -0.5, c, ldc)
					return c
				}
				whole := run(math.MaxInt)
				if kChunk(sgemmConfig(), s.n, s.k) != s.k {
					t.Fatalf("%v: the whole product is chunked", s)
				}
				maxPackedB = 1 // one k block per slice
				if got := kChunk(sgemmConfig(), s.n, s.k); got != sgemmConfig().kc {
					t.Fatalf("%v: chunk %d, want one k block (%d)", s, got, sgemmConfig().kc)
				}
				chunked := run(1)
				for i := range whole {
					if math.Float32bits(whole[i]) != math.Float32bits(chunked[i]) {
						t.Fatalf("%v transA=%v transB=%v threads=%d: element %d is %g in slices of k, %g whole",
							s, transA, transB, threads, i, chunked[i], whole[i])
					}
				}
			}
		}
	}
}

func randomSlice(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}
