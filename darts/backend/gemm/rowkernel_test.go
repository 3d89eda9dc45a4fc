package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// raggedRowShapes have m mod 12 (the AVX-512 mr) equal to 4 or 8, where a row kernel covers
// the last panel exactly, or to 1..7, where it covers it with padding; n = 16 and 45 read
// row-major A in place, n = 600 packs it (and crosses the nc=512 column block), k = 300 crosses
// the kc=256 block.
var raggedRowShapes = [][3]int{
	{4, 16, 7}, {8, 45, 20}, {16, 16, 300}, {20, 45, 33}, {28, 600, 30}, {64, 45, 300},
	{64, 600, 40}, {3, 33, 17}, {7, 16, 9}, {17, 45, 300}, {31, 600, 20}, {260, 40, 50},
}

// countRowKernels replaces the float32 config's row kernels by wrappers that count their calls
// by rows and by how A is read (packed sliver, row-major in place, transposed in place); the
// returned function restores them.
func countRowKernels(counts map[string]int) (restore func()) {
	cfg := sgemmConfig()
	saved := cfg.rowKernels
	wrapped := make([]rowKernel[float32], len(saved))
	for i, rk := range saved {
		wrapped[i] = rowKernel[float32]{rk.kr, func(k int, a []float32, rsA, csA int, b []float32, rsB int,
			c []float32, ldc int, alpha, beta float32, load bool) {
			mode := "transA"
			switch {
			case rsA == 1 && csA == rk.kr:
				mode = "packed"
			case csA == 1:
				mode = "rowmajor"
			}
			counts[fmt.Sprintf("%d/%s", rk.kr, mode)]++
			rk.kernel(k, a, rsA, csA, b, rsB, c, ldc, alpha, beta, load)
		}}
	}
	cfg.rowKernels = wrapped
	return func() { cfg.rowKernels = saved }
}

// TestRaggedRowPanels checks the ragged row shapes against the reference through Sgemm and
// GemmPacked, every transpose, one and two workers, and requires (where the kernel has row
// kernels, as AVX-512 does) that the 4- and 8-row kernels ran on A read every way.
func TestRaggedRowPanels(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	defer func(v float64) { minFlopsPerThread = v }(minFlopsPerThread)
	minFlopsPerThread = 1
	counts := map[string]int{}
	defer countRowKernels(counts)()
	calls := map[string]func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int){
		"Sgemm": Sgemm, "GemmPacked": packedCall[float32],
	}
	for name, call := range calls {
		for _, s := range raggedRowShapes {
			for trans := 0; trans < 4; trans++ {
				for _, threads := range []int{1, 2} {
					for _, sc := range [][2]float64{{1, 0}, {-0.5, 0.3}} {
						tc := testCase{transA: trans&1 != 0, transB: trans&2 != 0, m: s[0], n: s[1], k: s[2],
							alpha: sc[0], beta: sc[1], padA: trans, padB: 1, padC: 2, threads: threads}
						t.Run(name, func(t *testing.T) { check(t, rng, tc, call) })
					}
				}
			}
		}
	}
	if len(sgemmConfig().rowKernels) == 0 {
		t.Skip("the float32 kernel of this machine has no row kernels")
	}
	t.Logf("row kernel calls: %v", counts)
	for _, kr := range []int{4, 8} {
		for _, mode := range []string{"packed", "rowmajor", "transA"} {
			if key := fmt.Sprintf("%d/%s", kr, mode); counts[key] == 0 {
				t.Errorf("the %d-row kernel never ran on A read %s (calls: %v)", kr, mode, counts)
			}
		}
	}
}

// TestRowKernelsBitForBit requires the row kernels to give exactly the C of the mr kernel run on
// zero-padded rows: they chain the same FMAs in the same order, so a row of C does not depend on
// which panel it falls in.
func TestRowKernelsBitForBit(t *testing.T) {
	if len(sgemmConfig().rowKernels) == 0 {
		t.Skip("the float32 kernel of this machine has no row kernels")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	defer func(v float64) { minFlopsPerThread = v }(minFlopsPerThread)
	minFlopsPerThread = 1
	defer SetThreads(Threads())
	for _, s := range raggedRowShapes {
		m, n, k := s[0], s[1], s[2]
		for trans := 0; trans < 4; trans++ {
			transA, transB := trans&1 != 0, trans&2 != 0
			a, b := randSlice[float32](rng, m*k), randSlice[float32](rng, k*n)
			c0 := randSlice[float32](rng, m*n)
			ldb := n
			if transB {
				ldb = k
			}
			for _, threads := range []int{1, 2} {
				SetThreads(threads)
				for _, beta := range []float32{0, 0.5} {
					var got [2][]float32
					for i, on := range []bool{true, false} {
						useRowKernels = on
						got[i] = append([]float32(nil), c0...)
						Sgemm(transA, transB, m, n, k, 1.5, a, ldA(transA, m, k), b, ldb, beta, got[i], n)
					}
					useRowKernels = true
					for e := range got[0] {
						if math.Float32bits(got[0][e]) != math.Float32bits(got[1][e]) {
							t.Fatalf("m=%d n=%d k=%d tA=%v tB=%v threads=%d beta=%g: C[%d] = %g with row kernels, %g without",
								m, n, k, transA, transB, threads, beta, e, got[0][e], got[1][e])
						}
					}
				}
			}
		}
	}
}
