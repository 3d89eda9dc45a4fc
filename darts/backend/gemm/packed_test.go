package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// packedCall is Sgemm/Dgemm's signature served by PackB and GemmPacked, so that the packed path
// runs through the same cases and tolerance as the others.
func packedCall[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	packed := make([]T, PackedLen[T](k, n))
	PackB(transB, k, n, b, ldb, packed)
	GemmPacked(transA, m, n, k, alpha, a, lda, packed, beta, c, ldc)
}

func TestGemmPacked(t *testing.T) {
	runCases(t, []string{"", "avx2", "go"}, packedCall[float32])
	runCases(t, []string{""}, packedCall[float64])
}

func TestPackBChecksItsBuffer(t *testing.T) {
	defer func() {
		want := fmt.Sprintf("gemm: PackB: packed has 3 values, a 2×3 op(B) needs %d", PackedLen[float32](2, 3))
		if r := recover(); r != want {
			t.Fatalf("panic %v, want %q", r, want)
		}
	}()
	PackB(false, 2, 3, make([]float32, 6), 3, make([]float32, 3))
}

// BenchmarkSgemmRotatingB multiplies against nine different B matrices in turn, as the PTB cell
// does (a weight per node): B comes from L3, not L2. BenchmarkSgemmPackedB does the same with
// each B packed once beforehand.
func BenchmarkSgemmRotatingB(b *testing.B) { benchRotating(b, false) }

func BenchmarkSgemmPackedB(b *testing.B) { benchRotating(b, true) }

func benchRotating(b *testing.B, prepack bool) {
	for _, s := range benchShapes {
		if s.m != 64 {
			continue // the recurrent cell's shapes at batch 64
		}
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/threads=%d", s.name, threads), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(5, 6))
				lda, ldb := s.k, s.n
				if s.transB {
					ldb = s.k
				}
				x := randSlice[float32](rng, s.m*s.k)
				ys := make([][]float32, 9)
				for i := range ys {
					ys[i] = randSlice[float32](rng, s.k*s.n)
					if prepack {
						packed := make([]float32, PackedLen[float32](s.k, s.n))
						PackB(s.transB, s.k, s.n, ys[i], ldb, packed)
						ys[i] = packed
					}
				}
				c := make([]float32, s.m*s.n)
				defer SetThreads(Threads())
				SetThreads(threads)
				i := 0
				for b.Loop() {
					if prepack {
						GemmPacked(s.transA, s.m, s.n, s.k, 1, x, lda, ys[i%9], 0, c, s.n)
					} else {
						Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, lda, ys[i%9], ldb, 0, c, s.n)
					}
					i++
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
