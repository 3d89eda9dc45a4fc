package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchShape is one product measured by BenchmarkSgemm; the names follow the darts call sites.
type benchShape struct {
	name           string
	transA, transB bool
	m, n, k        int
}

var benchShapes = []benchShape{
	{"conv3x3_n16", false, false, 16384, 16, 144}, // im2col forward, 16 output channels
	{"conv3x3_n32", false, false, 16384, 32, 144},
	{"kgrad", false, false, 144, 16, 16384},   // kernel gradient: huge k
	{"kgrad_tA", true, false, 144, 16, 16384}, // the same with patches stored k-major
	{"kgrad_tB", false, true, 144, 16, 16384},
	{"conv1x1_16", false, false, 16384, 16, 16},
	{"conv1x1_32x64", false, false, 16384, 64, 32},
	{"sq256", false, false, 256, 256, 256},
	{"rnn_ptb_h", false, false, 64, 1700, 850},    // PTB training cell: h·W (850 units, batch 64)
	{"rnn_ptb_dh", false, true, 64, 850, 1700},    // and dy·Wᵀ
	{"rnn_search_h", false, false, 256, 600, 300}, // RNN search cell: h·W (300 units, batch 256)
	{"rnn_search_dh", false, true, 256, 300, 600},
	{"sq1024", false, false, 1024, 1024, 1024},
	{"sq1024_tAtB", true, true, 1024, 1024, 1024},
}

// BenchmarkSgemm reports GFLOP/s (2·m·n·k per call) for each shape with 1 and 2 threads.
func BenchmarkSgemm(b *testing.B) {
	for _, s := range benchShapes {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/threads=%d", s.name, threads), func(b *testing.B) {
				benchGemm(b, s, threads, Sgemm)
			})
		}
	}
}

// BenchmarkSgemmNaive is the baseline: the plain triple loop the package started with.
func BenchmarkSgemmNaive(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) { benchGemm(b, s, 1, naiveSgemm) })
	}
}

// BenchmarkDgemm measures the pure-Go float64 path on a square and an im2col shape.
func BenchmarkDgemm(b *testing.B) {
	for _, s := range []benchShape{{"sq256", false, false, 256, 256, 256}, {"conv3x3_n16", false, false, 16384, 16, 144}} {
		b.Run(s.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, 8))
			x, y := randSlice[float64](rng, s.m*s.k), randSlice[float64](rng, s.k*s.n)
			c := make([]float64, s.m*s.n)
			defer SetThreads(Threads())
			SetThreads(1)
			for b.Loop() {
				Dgemm(false, false, s.m, s.n, s.k, 1, x, s.k, y, s.n, 0, c, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func benchGemm(b *testing.B, s benchShape, threads int,
	f func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int)) {
	rng := rand.New(rand.NewPCG(5, 6))
	lda, ldb := s.k, s.n
	if s.transA {
		lda = s.m
	}
	if s.transB {
		ldb = s.k
	}
	x := randSlice[float32](rng, s.m*s.k)
	y := randSlice[float32](rng, s.k*s.n)
	c := make([]float32, s.m*s.n)
	defer SetThreads(Threads())
	SetThreads(threads)
	for b.Loop() {
		f(s.transA, s.transB, s.m, s.n, s.k, 1, x, lda, y, ldb, 0, c, s.n)
	}
	flops := 2 * float64(s.m) * float64(s.n) * float64(s.k)
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// naiveSgemm is the i-j-p loop used as the speed baseline (the package's original code).
func naiveSgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var sum float32
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				sum += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * sum
			} else {
				c[i*ldc+j] = alpha*sum + beta*c[i*ldc+j]
			}
		}
	}
}
