package conv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPointwiseFilterGrad compares xᵀ·v with the sum written out, for depths below and above
// the slicing threshold (odd ones, so the slices differ in length) and odd widths.
func TestPointwiseFilterGrad(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, sh := range [][3]int{{1, 1, 1}, {3, 5, 7}, {13, 37, 1023}, {36, 36, 4097}, {7, 19, 5001}, {40, 9, 2 * pointwiseGradMinRows}} {
		c, co, m := sh[0], sh[1], sh[2]
		x, v := randSlice[float32](r, m*c), randSlice[float32](r, m*co)
		x64, v64 := randSlice[float64](r, m*c), randSlice[float64](r, m*co)
		got, got64 := make([]float32, c*co), make([]float64, c*co)
		for i := range got {
			got[i], got64[i] = float32(math.NaN()), math.NaN()
		}
		PointwiseFilterGrad(c, co, m, x, v, got)
		PointwiseFilterGrad(c, co, m, x64, v64, got64)
		for i := 0; i < c; i++ {
			for j := 0; j < co; j++ {
				var want, abs, want64, abs64 float64
				for p := 0; p < m; p++ {
					want += float64(x[p*c+i]) * float64(v[p*co+j])
					abs += math.Abs(float64(x[p*c+i]) * float64(v[p*co+j]))
					want64 += x64[p*c+i] * v64[p*co+j]
					abs64 += math.Abs(x64[p*c+i] * v64[p*co+j])
				}
				if g := float64(got[i*co+j]); !(math.Abs(g-want) <= 2e-6*abs+1e-6) {
					t.Fatalf("%dx%dx%d float32: out[%d,%d] = %g, want %g", c, co, m, i, j, g, want)
				}
				if g := got64[i*co+j]; !(math.Abs(g-want64) <= 1e-13*abs64+1e-13) {
					t.Fatalf("%dx%dx%d float64: out[%d,%d] = %g, want %g", c, co, m, i, j, g, want64)
				}
			}
		}
	}
}
