package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/backend/gemm"
)

// TestPointwiseMulIsGemm checks that the pwMul row tiles give gemm's product bit for bit (both
// sum each value as one FMA chain over k from zero), over row counts that are and are not
// multiples of 12 (an overlapping last group) and span several row chunks, column counts with
// every mix of 32- and 16-wide tiles and an overlapping last one, k from 1 to gemm's block of
// 256, and padded row strides (elements past the strides' columns must stay as they were).
func TestPointwiseMulIsGemm(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, m := range []int{12, 13, 35, 1000} {
		for _, n := range []int{16, 17, 20, 31, 32, 36, 48, 72, 144} {
			for _, k := range []int{1, 3, 36, 72, 144, 256} {
				lda, ldb, ldc := k+rng.IntN(3), n+rng.IntN(3), n+rng.IntN(3)
				a, b := randSlice[float32](rng, m*lda), randSlice[float32](rng, k*ldb)
				got, want := randSlice[float32](rng, m*ldc), make([]float32, m*ldc)
				copy(want, got)
				if !pointwiseMul(m, n, k, a, lda, b, ldb, got, ldc) {
					t.Fatalf("m=%d n=%d k=%d: declined", m, n, k)
				}
				gemm.Sgemm(false, false, m, n, k, 1, a, lda, b, ldb, 0, want, ldc)
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("m=%d n=%d k=%d lda=%d ldc=%d: c[%d] = %g, gemm %g", m, n, k, lda, ldc, i, got[i], want[i])
					}
				}
			}
		}
	}
	for _, s := range [][3]int{{11, 36, 36}, {100, 15, 36}, {100, 36, 257}, {100, 36, 0}} {
		m, n, k := s[0], s[1], s[2]
		if pointwiseMul(m, n, k, make([]float32, m*max(k, 1)), max(k, 1), make([]float32, max(k, 1)*n), n, make([]float32, m*n), n) {
			t.Errorf("m=%d n=%d k=%d: ran the tiles, want gemm", m, n, k)
		}
	}
}

// BenchmarkPointwiseMul times the 1×1 convolutions' forward products (Conv, which splits the
// rows over the cores) at pointwiseGradShapes: batch 96 images of 32×32, 16×16 and 8×8 pixels,
// c = co channels, on the row tiles and on gemm (the tiles switched off).
func BenchmarkPointwiseMul(b *testing.B) {
	for _, sh := range pointwiseGradShapes {
		c, side := sh[0], map[int]int{36: 32, 72: 16, 144: 8}[sh[0]]
		p := &Params{Batch: 96, InSpatial: sq(side), InChannels: c, KernelSpatial: sq(1), OutChannels: c,
			FeatureGroups: 1, BatchGroups: 1}
		for _, path := range []string{"tiles", "gemm"} {
			benchOne(b, fmt.Sprintf("%dx%dx%d/%s", c, c, 96*side*side, path), p, func(p *Params, in, ker, out []float32) {
				defer func(old bool) { useAVX512 = old }(useAVX512)
				useAVX512 = useAVX512 && path == "tiles"
				Conv(p, in, ker, out)
			})
		}
	}
}
