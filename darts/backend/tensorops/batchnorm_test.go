package tensorops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// refBatchNorm computes the batch statistics and the normalised output from the definition,
// visiting elements by multi-index (feature = idx[axis]) rather than by the kernels' layout
// view, in float64 and with the textbook two-pass formulas.
func refBatchNorm(x, scale, offset []float64, dims []int, axis int, eps float64) (y, mean, variance []float64) {
	c := dims[axis]
	n := float64(prod(dims) / c)
	mean, variance = make([]float64, c), make([]float64, c)
	for i, v := range x {
		mean[unravel(i, dims)[axis]] += v / n
	}
	for i, v := range x {
		f := unravel(i, dims)[axis]
		variance[f] += (v - mean[f]) * (v - mean[f]) / n
	}
	y = make([]float64, len(x))
	for i, v := range x {
		f := unravel(i, dims)[axis]
		y[i] = (v-mean[f])/math.Sqrt(variance[f]+eps)*scale[f] + offset[f]
	}
	return y, mean, variance
}

func randomFloats(rng *rand.Rand, n int, spread, shift float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = (rng.Float64()*2-1)*spread + shift
	}
	return v
}

func toF32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func requireClose[T float32 | float64](t *testing.T, what string, got []T, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		g := float64(got[i])
		if math.IsNaN(g) || math.Abs(g-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %.12g, want %.12g", what, i, g, want[i])
		}
	}
}

// bnCases covers feature-last (the NHWC fast path), first and middle axes, rank 1 and 2, and
// shapes large enough to take the two-goroutine path.
var bnCases = []struct {
	dims []int
	axis int
}{
	{[]int{2, 3, 4, 5}, 3}, {[]int{2, 3, 4, 5}, 1}, {[]int{4, 3, 5}, 0}, {[]int{6, 7}, 1},
	{[]int{9}, 0}, {[]int{16, 16, 16, 16}, 3}, {[]int{8, 16, 24, 24}, 1},
}

func TestBatchNormTrainingMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range bnCases {
		t.Run(fmt.Sprintf("%v/axis%d", tc.dims, tc.axis), func(t *testing.T) {
			c := tc.dims[tc.axis]
			x := randomFloats(rng, prod(tc.dims), 2, 0.5)
			scale, offset := randomFloats(rng, c, 1, 0), randomFloats(rng, c, 1, 0)
			wantY, wantMean, wantVar := refBatchNorm(x, scale, offset, tc.dims, tc.axis, 1e-3)

			y, mean, variance := make([]float64, len(x)), make([]float64, c), make([]float64, c)
			BatchNormTraining(y, mean, variance, x, scale, offset, tc.dims, tc.axis, 1e-3)
			requireClose(t, "float64 y", y, wantY, 1e-12)
			requireClose(t, "float64 mean", mean, wantMean, 1e-12)
			requireClose(t, "float64 variance", variance, wantVar, 1e-12)

			y32, mean32, var32 := make([]float32, len(x)), make([]float32, c), make([]float32, c)
			x32 := toF32(x)
			// The reference sees the float32-rounded data, so only output rounding remains.
			wantY, wantMean, wantVar = refBatchNorm(toFloat64(x32), toFloat64(toF32(scale)),
				toFloat64(toF32(offset)), tc.dims, tc.axis, 1e-3)
			BatchNormTraining(y32, mean32, var32, x32, toF32(scale), toF32(offset), tc.dims, tc.axis, 1e-3)
			requireClose(t, "float32 y", y32, wantY, 1e-6)
			requireClose(t, "float32 mean", mean32, wantMean, 1e-6)
			requireClose(t, "float32 variance", var32, wantVar, 1e-6)
		})
	}
}

// TestBatchNormTrainingLargeMean: values 10⁴ ± 1 in float32. The one-pass E[x²]−E[x]² in
// float32 would lose the variance entirely; the kernel must match float64 closely.
func TestBatchNormTrainingLargeMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dims := []int{64, 8, 8, 4}
	x32 := toF32(randomFloats(rng, prod(dims), 1, 1e4))
	ones, zeros := []float32{1, 1, 1, 1}, []float32{0, 0, 0, 0}
	y, mean, variance := make([]float32, len(x32)), make([]float32, 4), make([]float32, 4)
	BatchNormTraining(y, mean, variance, x32, ones, zeros, dims, 3, 1e-5)
	wantY, wantMean, wantVar := refBatchNorm(toFloat64(x32), []float64{1, 1, 1, 1}, make([]float64, 4), dims, 3, 1e-5)
	requireClose(t, "mean", mean, wantMean, 1e-7)
	requireClose(t, "variance", variance, wantVar, 1e-6)
	requireClose(t, "y", y, wantY, 1e-5)
}

func TestBatchNormInferenceMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range bnCases {
		t.Run(fmt.Sprintf("%v/axis%d", tc.dims, tc.axis), func(t *testing.T) {
			c := tc.dims[tc.axis]
			x := randomFloats(rng, prod(tc.dims), 2, 0)
			scale, offset, mean := randomFloats(rng, c, 1, 0), randomFloats(rng, c, 1, 0), randomFloats(rng, c, 1, 0)
			variance := randomFloats(rng, c, 0.5, 1)
			want := make([]float64, len(x))
			for i, v := range x {
				f := unravel(i, tc.dims)[tc.axis]
				want[i] = (v-mean[f])/math.Sqrt(variance[f]+1e-3)*scale[f] + offset[f]
			}
			y := make([]float64, len(x))
			BatchNormInference(y, x, scale, offset, mean, variance, tc.dims, tc.axis, 1e-3)
			requireClose(t, "y", y, want, 1e-12)
		})
	}
}

// TestBatchNormGradientFiniteDifferences differentiates L = Σ w·y(x, scale, offset), with y from
// BatchNormTraining (batch statistics depending on x) and irregular weights w, by central
// differences, and compares with BatchNormGradient given dy = w and the batch statistics.
func TestBatchNormGradientFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tc := range bnCases[:5] { // small shapes: every element is perturbed
		t.Run(fmt.Sprintf("%v/axis%d", tc.dims, tc.axis), func(t *testing.T) {
			c, size := tc.dims[tc.axis], prod(tc.dims)
			const eps = 1e-3
			x := randomFloats(rng, size, 2, 0.5)
			scale, offset := randomFloats(rng, c, 1, 0), randomFloats(rng, c, 1, 0)
			w := randomFloats(rng, size, 1, 0)
			loss := func() float64 {
				y := make([]float64, size)
				BatchNormTraining(y, make([]float64, c), make([]float64, c), x, scale, offset, tc.dims, tc.axis, eps)
				var l float64
				for i := range y {
					l += w[i] * y[i]
				}
				return l
			}
			numeric := func(v []float64) []float64 {
				g := make([]float64, len(v))
				for i := range v {
					old, h := v[i], 1e-6
					v[i] = old + h
					up := loss()
					v[i] = old - h
					down := loss()
					v[i] = old
					g[i] = (up - down) / (2 * h)
				}
				return g
			}
			wantDx, wantDscale, wantDoffset := numeric(x), numeric(scale), numeric(offset)

			mean, variance := make([]float64, c), make([]float64, c)
			BatchNormTraining(make([]float64, size), mean, variance, x, scale, offset, tc.dims, tc.axis, eps)
			dx, dscale, doffset := make([]float64, size), make([]float64, c), make([]float64, c)
			BatchNormGradient(dx, dscale, doffset, x, scale, mean, variance, w, tc.dims, tc.axis, eps)
			requireClose(t, "dx", dx, wantDx, 1e-6)
			requireClose(t, "dscale", dscale, wantDscale, 1e-6)
			requireClose(t, "doffset", doffset, wantDoffset, 1e-6)
		})
	}
}

// refBatchNormGradient is XLA's BatchNormGrad formula evaluated by multi-index.
func refBatchNormGradient(x, scale, mean, variance, dy []float64, dims []int, axis int, eps float64) (
	dx, dscale, doffset []float64) {
	c := dims[axis]
	n := float64(prod(dims) / c)
	dscale, doffset = make([]float64, c), make([]float64, c)
	xhat := make([]float64, len(x))
	for i, v := range x {
		f := unravel(i, dims)[axis]
		xhat[i] = (v - mean[f]) / math.Sqrt(variance[f]+eps)
		doffset[f] += dy[i]
		dscale[f] += dy[i] * xhat[i]
	}
	dx = make([]float64, len(x))
	for i := range x {
		f := unravel(i, dims)[axis]
		dx[i] = scale[f] / math.Sqrt(variance[f]+eps) * (dy[i] - doffset[f]/n - xhat[i]*dscale[f]/n)
	}
	return dx, dscale, doffset
}

// TestBatchNormGradientMatchesReference covers the large (two-goroutine) shapes and float32.
func TestBatchNormGradientMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tc := range bnCases {
		t.Run(fmt.Sprintf("%v/axis%d", tc.dims, tc.axis), func(t *testing.T) {
			c, size := tc.dims[tc.axis], prod(tc.dims)
			x, dy := randomFloats(rng, size, 2, 0.5), randomFloats(rng, size, 1, 0)
			scale, mean := randomFloats(rng, c, 1, 0), randomFloats(rng, c, 0.2, 0.5)
			variance := randomFloats(rng, c, 0.5, 1.5)
			wantDx, wantDscale, wantDoffset := refBatchNormGradient(x, scale, mean, variance, dy, tc.dims, tc.axis, 1e-3)
			dx, dscale, doffset := make([]float64, size), make([]float64, c), make([]float64, c)
			BatchNormGradient(dx, dscale, doffset, x, scale, mean, variance, dy, tc.dims, tc.axis, 1e-3)
			requireClose(t, "dx", dx, wantDx, 1e-12)
			requireClose(t, "dscale", dscale, wantDscale, 1e-10)
			requireClose(t, "doffset", doffset, wantDoffset, 1e-10)

			x32, dy32, scale32 := toF32(x), toF32(dy), toF32(scale)
			mean32, var32 := toF32(mean), toF32(variance)
			wantDx, wantDscale, wantDoffset = refBatchNormGradient(toFloat64(x32), toFloat64(scale32),
				toFloat64(mean32), toFloat64(var32), toFloat64(dy32), tc.dims, tc.axis, 1e-3)
			dx32, dscale32, doffset32 := make([]float32, size), make([]float32, c), make([]float32, c)
			BatchNormGradient(dx32, dscale32, doffset32, x32, scale32, mean32, var32, dy32, tc.dims, tc.axis, 1e-3)
			requireClose(t, "float32 dx", dx32, wantDx, 1e-5)
			requireClose(t, "float32 dscale", dscale32, wantDscale, 1e-5)
			requireClose(t, "float32 doffset", doffset32, wantDoffset, 1e-5)
		})
	}
}

func TestBatchNormPanicsOnBadArguments(t *testing.T) {
	mustPanic := func(name string, fn func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		fn()
	}
	x, c := make([]float32, 6), make([]float32, 3)
	mustPanic("axis out of range", func() { BatchNormInference(x, x, c, c, c, c, []int{2, 3}, 2, 1e-5) })
	mustPanic("short scale", func() { BatchNormInference(x, x, c[:2], c, c, c, []int{2, 3}, 1, 1e-5) })
	mustPanic("short y", func() { BatchNormTraining(x[:5], c, c, x, c, c, []int{2, 3}, 1, 1e-5) })
}

// BenchmarkBatchNormForwardBackward times one training forward plus BatchNormGrad on a DARTS-sized
// NHWC activation, [16, 32, 32, 16] float32.
func BenchmarkBatchNormForwardBackward(b *testing.B) {
	dims := []int{16, 32, 32, 16}
	rng := rand.New(rand.NewPCG(11, 12))
	size := prod(dims)
	x, dy := toF32(randomFloats(rng, size, 1, 0)), toF32(randomFloats(rng, size, 1, 0))
	scale, offset := toF32(randomFloats(rng, 16, 1, 1)), make([]float32, 16)
	y, dx := make([]float32, size), make([]float32, size)
	mean, variance, dscale, doffset := make([]float32, 16), make([]float32, 16), make([]float32, 16), make([]float32, 16)
	b.SetBytes(int64(4 * size))
	for b.Loop() {
		BatchNormTraining(y, mean, variance, x, scale, offset, dims, 3, 1e-5)
		BatchNormGradient(dx, dscale, doffset, x, scale, mean, variance, dy, dims, 3, 1e-5)
	}
}
