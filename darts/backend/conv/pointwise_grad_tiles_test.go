package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestPointwiseGradTiles compares the AVX-512 tile path of PointwiseFilterGrad with xᵀ·v summed
// in float64, over shapes that take every tile kind and both orientations: column tails of 4, 8,
// 16 and other widths (recomputed columns), row counts that are not multiples of a tile's
// (overlapping tiles), widths below a tile's (gemm), and depths of 0, 1, odd, below and above
// the slicing threshold. Each float32 sum may differ from the exact one by the rounding of its
// m terms in some order; the bound is 2e-6 of Σ|terms| (each term is rounded once, then added
// in a different order than gemm's), far below one term (a pixel dropped or doubled, a row or
// column misplaced) at these depths.
func TestPointwiseGradTiles(t *testing.T) {
	if !useAVX512 {
		t.Skip("no AVX-512: PointwiseFilterGrad runs on gemm")
	}
	r := rand.New(rand.NewPCG(7, 8))
	depths := []int{0, 1, 3, 31, 1000, 2*pointwiseGradMinRows + 3, 4*pointwiseGradMinRows + 1}
	widths := [][2]int{
		{36, 36}, {72, 72}, {144, 144}, // the DARTS shapes: 12×32 tiles with a 4- or 8-column tail, 12×16
		{108, 36}, {288, 72}, {144, 36}, {576, 144}, // preprocessing (c > co)
		{12, 16}, {13, 17}, {25, 40}, {24, 40}, {35, 36}, {47, 100}, // no room for a tail tile; odd rows
		{40, 12}, {20, 14}, {20, 36}, {40, 24}, // the transposed plan, with every kind of tile
		{11, 64}, {64, 11}, {5, 7}, // below a tile either way: gemm
	}
	kinds := map[string]bool{}
	for _, w := range widths {
		c, co := w[0], w[1]
		tiles, _, f1, ok := pwPlan(c, co)
		orient := ""
		if t2, _, f2, ok2 := pwPlan(co, c); ok2 && (!ok || f2 < f1) {
			tiles, orient = t2, "transposed "
		}
		for _, tl := range tiles {
			kinds[orient+fmt.Sprint(tl.kind)] = true
			if tl.i0%pwRows[tl.kind] != 0 {
				kinds["overlapping rows"] = true
			}
		}
		for _, m := range depths {
			if m*c*co > 20e6 {
				continue
			}
			x, v := randSlice[float32](r, m*c), randSlice[float32](r, m*co)
			got := make([]float32, c*co)
			for i := range got {
				got[i] = float32(math.NaN())
			}
			PointwiseFilterGrad(c, co, m, x, v, got)
			if err := checkXtV(c, co, m, x, v, got, 2e-6); err != nil {
				t.Fatalf("%dx%dx%d: %v", c, co, m, err)
			}
		}
	}
	for _, k := range []string{"0", "1", "2", "3", "transposed 0", "transposed 1", "transposed 2", "transposed 3", "overlapping rows"} {
		if !kinds[k] {
			t.Errorf("no shape took %q (pwKind numbers); kinds seen: %v", k, kinds)
		}
	}
}

// checkXtV reports the first element of got = xᵀ·v further than tol·Σ|terms| (+1e-6) from the
// float64 sum.
func checkXtV(c, co, m int, x, v, got []float32, tol float64) error {
	want, abs := make([]float64, c*co), make([]float64, c*co)
	for p := 0; p < m; p++ {
		xr, vr := x[p*c:(p+1)*c], v[p*co:(p+1)*co]
		for i, xi := range xr {
			for j, vj := range vr {
				t := float64(xi) * float64(vj)
				want[i*co+j] += t
				abs[i*co+j] += math.Abs(t)
			}
		}
	}
	for k := range want {
		if g := float64(got[k]); !(math.Abs(g-want[k]) <= tol*abs[k]+1e-6) {
			return fmt.Errorf("out[%d,%d] = %g, want %g (Σ|terms| %g)", k/co, k%co, g, want[k], abs[k])
		}
	}
	return nil
}
