package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// refGemm is the textbook triple loop, accumulating in float64 so that it is (for float32) far
// more accurate than the code under test.
func refGemm[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) (want, bound []float64) {
	want = make([]float64, m*n)
	bound = make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var sum, abs float64
			for p := 0; p < k; p++ {
				var av, bv T
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
				sum += float64(av) * float64(bv)
				abs += math.Abs(float64(av) * float64(bv))
			}
			w := float64(alpha) * sum
			bnd := math.Abs(float64(alpha)) * abs
			if beta != 0 {
				w += float64(beta) * float64(c[i*ldc+j])
				bnd += math.Abs(float64(beta) * float64(c[i*ldc+j]))
			}
			want[i*n+j], bound[i*n+j] = w, bnd
		}
	}
	return want, bound
}

// testCase is one call: dimensions, flags, scalars and how much each leading dimension exceeds
// the minimum.
type testCase struct {
	transA, transB   bool
	m, n, k          int
	alpha, beta      float64
	padA, padB, padC int
	threads          int
	kernel           string // "" (automatic choice), "avx2" or "go"
}

func (tc testCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%g beta=%g pads=%d/%d/%d threads=%d kernel=%q",
		tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC, tc.threads, tc.kernel)
}

// eps is the unit roundoff of T.
func eps[T float32 | float64]() float64 {
	var z T
	if _, ok := any(z).(float32); ok {
		return 0x1p-24
	}
	return 0x1p-53
}

// check runs one case through call (Sgemm or Dgemm) and compares with refGemm.
//
// Tolerance: any summation order of k products, plus the alpha and beta terms, has error at most
// γ·Σ|terms| with γ = (k+2)·u/(1-(k+2)·u) (Higham, Accuracy and Stability, §3.1); FMA only
// lowers it. We allow (k+3)·u·Σ|terms|, one extra rounding for the float64→T conversion of the
// reference, plus a denormal-sized absolute slack. A wrong index or a missed k block makes an
// error of the order of a whole term, far above this bound for the random data used here.
func check[T float32 | float64](t *testing.T, rng *rand.Rand, tc testCase,
	call func(bool, bool, int, int, int, T, []T, int, []T, int, T, []T, int)) {
	t.Helper()
	ar, ac := tc.m, tc.k
	if tc.transA {
		ar, ac = tc.k, tc.m
	}
	br, bc := tc.k, tc.n
	if tc.transB {
		br, bc = tc.n, tc.k
	}
	lda, ldb, ldc := max(ac, 1)+tc.padA, max(bc, 1)+tc.padB, max(tc.n, 1)+tc.padC
	a, b := randSlice[T](rng, ar*lda), randSlice[T](rng, br*ldb)
	c := randSlice[T](rng, tc.m*ldc)
	if tc.beta == 0 {
		// BLAS semantics: C must not be read, so NaNs must not leak into the result.
		for i := range c {
			c[i] = T(math.NaN())
		}
	}
	orig := append([]T(nil), c...)
	alpha, beta := T(tc.alpha), T(tc.beta)
	want, bound := refGemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, alpha, a, lda, b, ldb, beta, c, ldc)

	defer SetThreads(Threads())
	SetThreads(tc.threads)
	forcePureGo, forceAVX2 = tc.kernel == "go", tc.kernel == "avx2"
	defer func() { forcePureGo, forceAVX2 = false, false }()
	call(tc.transA, tc.transB, tc.m, tc.n, tc.k, alpha, a, lda, b, ldb, beta, c, ldc)

	tol := float64(tc.k+3) * eps[T]()
	for i := 0; i < tc.m; i++ {
		for j := 0; j < ldc; j++ {
			got := c[i*ldc+j]
			if j >= tc.n {
				// Padding columns of C belong to someone else and must be untouched.
				if g, o := got, orig[i*ldc+j]; g != o && !(g != g && o != o) {
					t.Fatalf("%v: padding C[%d][%d] changed from %v to %v", tc, i, j, o, g)
				}
				continue
			}
			w := want[i*tc.n+j]
			if d := math.Abs(float64(got) - w); !(d <= tol*bound[i*tc.n+j]+1e-30) {
				t.Fatalf("%v: C[%d][%d] = %v, want %v (|diff| %g > bound %g)",
					tc, i, j, got, w, d, tol*bound[i*tc.n+j])
			}
		}
	}
}

// randSlice returns values in [-1, 1): mixed signs make cancellation, hence real rounding.
func randSlice[T float32 | float64](rng *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*rng.Float64() - 1)
	}
	return s
}

// dims are the sizes drawn for m, n and k: 0 and 1, primes, values around the tiles (4×8, 6×16,
// 12×16), m mod 12 = 4 and 8 (16, 28, 64; 8, 20, 32) for the AVX-512 row kernels, and k values
// around the kc=256 block.
var dims = []int{0, 1, 2, 3, 5, 6, 7, 8, 11, 13, 16, 17, 20, 23, 28, 31, 32, 33, 47, 64}

// bigCases cross the k block (kc=256), the column block (nc=512 for float32, 256 for float64),
// and the parallel thresholds, each in every transpose combination; 64 and 28 rows end in a
// ragged panel of 4 on the AVX-512 kernel (the PTB cell's batch 64).
var bigCases = [][3]int{{37, 29, 300}, {13, 530, 21}, {150, 19, 520}, {7, 70, 1000}, {97, 101, 257},
	{64, 45, 300}, {28, 600, 30}}

func runCases[T float32 | float64](t *testing.T, kernels []string,
	call func(bool, bool, int, int, int, T, []T, int, []T, int, T, []T, int)) {
	rng := rand.New(rand.NewPCG(1, 2))
	defer func(v float64) { minFlopsPerThread = v }(minFlopsPerThread)
	minFlopsPerThread = 1 // push even tiny products through the two-worker split
	scalars := [][2]float64{{1, 0}, {1, 1}, {-0.5, 0.3}, {2, 0}, {0, 0.7}, {0, 0}}
	for _, kernel := range kernels {
		for _, threads := range []int{1, 2} {
			for trans := 0; trans < 4; trans++ {
				for iter := 0; iter < 150; iter++ {
					sc := scalars[rng.IntN(len(scalars))]
					tc := testCase{
						transA: trans&1 != 0, transB: trans&2 != 0,
						m: dims[rng.IntN(len(dims))], n: dims[rng.IntN(len(dims))], k: dims[rng.IntN(len(dims))],
						alpha: sc[0], beta: sc[1],
						padA: rng.IntN(3), padB: rng.IntN(3), padC: rng.IntN(3),
						threads: threads, kernel: kernel,
					}
					check(t, rng, tc, call)
				}
				for _, d := range bigCases {
					sc := scalars[rng.IntN(3)]
					check(t, rng, testCase{
						transA: trans&1 != 0, transB: trans&2 != 0, m: d[0], n: d[1], k: d[2],
						alpha: sc[0], beta: sc[1], padA: 1, padB: 3, padC: 2,
						threads: threads, kernel: kernel,
					}, call)
				}
			}
		}
	}
}

func TestSgemm(t *testing.T) {
	// The automatic choice is AVX-512 or AVX2 (or Go) depending on the machine; the switches
	// also cover AVX2 and the pure-Go fallback wherever the tests run.
	runCases(t, []string{"", "avx2", "go"}, Sgemm)
}

func TestDgemm(t *testing.T) {
	runCases(t, []string{""}, Dgemm)
}

// TestSgemmDarts runs the darts shapes of the benchmark (scaled down in m) once each.
func TestSgemmDarts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range []struct{ m, n, k int }{{1000, 16, 144}, {1000, 32, 144}, {144, 16, 3000}, {1000, 16, 16}, {1000, 64, 32}, {256, 256, 256}} {
		for trans := 0; trans < 4; trans++ {
			for _, threads := range []int{1, 2} {
				for _, kernel := range []string{"", "avx2"} {
					check(t, rng, testCase{transA: trans&1 != 0, transB: trans&2 != 0, m: s.m, n: s.n, k: s.k,
						alpha: 1, beta: 0, threads: threads, kernel: kernel}, Sgemm)
				}
			}
		}
	}
}

// TestSgemmLargeStrides uses leading dimensions far above the widths: a narrow B with a wide
// stride must be packed rather than read in place, and row-major A read in place must honour lda.
func TestSgemmLargeStrides(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trans := 0; trans < 4; trans++ {
		for _, kernel := range []string{"", "avx2", "go"} {
			for _, threads := range []int{1, 2} {
				check(t, rng, testCase{transA: trans&1 != 0, transB: trans&2 != 0, m: 50, n: 20, k: 40,
					alpha: 1.5, beta: -1, padA: 77, padB: 100, padC: 33, threads: threads, kernel: kernel}, Sgemm)
			}
		}
	}
}

// TestConcurrentDeterministic runs several products at once from different goroutines (as
// parallel convolutions do) with two threads each, and requires results bitwise equal to a
// single-threaded run: every element of C is computed by one worker in one fixed order, so the
// thread count must not change the rounding.
func TestConcurrentDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	shapes := [][3]int{{300, 40, 150}, {144, 16, 2000}, {70, 600, 90}, {1000, 32, 144}}
	type job struct {
		m, n, k    int
		a, b, want []float32
		transA     bool
	}
	jobs := make([]job, len(shapes))
	defer SetThreads(Threads())
	SetThreads(1)
	for i, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		j := job{m: m, n: n, k: k, a: randSlice[float32](rng, m*k), b: randSlice[float32](rng, k*n), transA: i%2 == 1}
		j.want = make([]float32, m*n)
		Sgemm(j.transA, false, m, n, k, 1, j.a, ldA(j.transA, m, k), j.b, n, 0, j.want, n)
		jobs[i] = j
	}
	SetThreads(2)
	errs := make(chan string, 4*len(jobs))
	var wg sync.WaitGroup
	for rep := 0; rep < 4; rep++ {
		for i := range jobs {
			wg.Add(1)
			go func(j job) {
				defer wg.Done()
				c := make([]float32, j.m*j.n)
				Sgemm(j.transA, false, j.m, j.n, j.k, 1, j.a, ldA(j.transA, j.m, j.k), j.b, j.n, 0, c, j.n)
				for e := range c {
					if c[e] != j.want[e] {
						errs <- fmt.Sprintf("m=%d n=%d k=%d: element %d = %v with 2 threads, %v with 1", j.m, j.n, j.k, e, c[e], j.want[e])
						return
					}
				}
			}(jobs[i])
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// ldA is the minimal row stride of A as stored (k columns, or m when transposed).
func ldA(transA bool, m, k int) int {
	if transA {
		return m
	}
	return k
}

func TestThreads(t *testing.T) {
	defer SetThreads(0)
	SetThreads(3)
	if Threads() != 3 {
		t.Fatalf("Threads() = %d after SetThreads(3)", Threads())
	}
	SetThreads(0)
	if Threads() < 1 {
		t.Fatalf("default Threads() = %d", Threads())
	}
}

func TestShortSlicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Sgemm accepted an A too short for m×k")
		}
	}()
	c := make([]float32, 4)
	Sgemm(false, false, 2, 2, 3, 1, make([]float32, 5), 3, make([]float32, 6), 2, 0, c, 2)
}
