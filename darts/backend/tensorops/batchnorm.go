package tensorops

import "math"

// Batch normalisation kernels with XLA's semantics (BatchNormTraining, BatchNormInference,
// BatchNormGrad). The operand has any rank; featureAxis names the axis of the C features, and
// every statistic is taken per feature over all the other axes.
//
// The operand is viewed as [outer, C, inner] (inner = product of the axes after the feature
// axis). For NHWC (feature axis last) inner is 1 and each position holds a contiguous run of C
// features, so the inner loops walk a [C] accumulator alongside the row; otherwise each
// (outer, feature) pair is a contiguous run of inner values of one feature.
//
// All sums are accumulated in float64 (also for float32 data) and the per-feature arithmetic is
// done in float64, converting only on load and store: Go does not vectorise, so this costs the
// same as float32 arithmetic and avoids the cancellation of float32 sums over ~10⁵ values.
// Large tensors are split by outer position over two goroutines, each with its own partial sums,
// added in a fixed order so results are deterministic. On amd64 the channels-last float32
// passes run in AVX assembly, four features per instruction, with the Go loops' results bit for
// bit (batchnorm_avx.go).

// BatchNormTraining normalises x with its own batch statistics: per feature, mean and variance
// (biased: divided by the element count N) over every axis but featureAxis, and
// y = (x−mean)/√(variance+eps)·scale + offset. y and x have dims; mean, variance, scale and offset
// have dims[featureAxis] values. With N = 0 the statistics are NaN (0/0), as in XLA.
//
// It is BatchNormStatistics followed by BatchNormApply; the darts-cpu backend runs those two
// stages as separate single-output steps.
func BatchNormTraining[T float32 | float64](y, mean, variance, x, scale, offset []T, dims []int, featureAxis int,
	eps float64) {
	l := newBNLayout(dims, featureAxis)
	l.check(dims, nil, bnLen{"mean", len(mean)}, bnLen{"variance", len(variance)})
	m, v := make([]float64, l.c), make([]float64, l.c)
	BatchNormStatistics(m, v, x, dims, featureAxis)
	for c := range m {
		mean[c], variance[c] = T(m[c]), T(v[c])
	}
	BatchNormApply(y, x, scale, offset, m, v, dims, featureAxis, eps)
}

// BatchNormStatistics writes the per-feature batch mean and biased variance of x, in float64 so
// that BatchNormApply can normalise with them unrounded.
//
// The variance takes two passes (the mean first, then squared deviations from it, with the sum of
// deviations correcting for the rounding of the mean), so a mean large relative to the spread does
// not cancel the variance away, as the one-pass E[x²]−E[x]² would.
func BatchNormStatistics[T float32 | float64](mean, variance []float64, x []T, dims []int, featureAxis int) {
	l := newBNLayout(dims, featureAxis)
	l.check(dims, []bnLen{{"x", len(x)}}, bnLen{"mean", len(mean)}, bnLen{"variance", len(variance)})
	n := float64(l.count())
	m := featureSums(x, l)
	for c := range m {
		m[c] /= n
	}
	dev, devSq := centredSums(x, m, l)
	for c := range m {
		// Σ(x−m)² − (Σ(x−m))²/N is Σ(x−mean)² for the exact mean; the correction is tiny but
		// removes the error of m's rounding. Clamped: rounding must not make it negative.
		variance[c] = max((devSq[c]-dev[c]*dev[c]/n)/n, 0)
		mean[c] = m[c] + dev[c]/n
	}
}

// BatchNormApply writes y = (x−mean)/√(variance+eps)·scale + offset with float64 statistics.
func BatchNormApply[T float32 | float64](y, x, scale, offset []T, mean, variance []float64, dims []int,
	featureAxis int, eps float64) {
	l := newBNLayout(dims, featureAxis)
	l.check(dims, []bnLen{{"y", len(y)}, {"x", len(x)}}, bnLen{"mean", len(mean)},
		bnLen{"variance", len(variance)}, bnLen{"scale", len(scale)}, bnLen{"offset", len(offset)})
	a := make([]float64, l.c)
	for c := range a {
		a[c] = float64(scale[c]) / math.Sqrt(variance[c]+eps)
	}
	affine(y, x, mean, a, toFloat64(offset), l)
}

// BatchNormInference normalises x with the given statistics:
// y = (x−mean)/√(variance+eps)·scale + offset, per feature along featureAxis.
func BatchNormInference[T float32 | float64](y, x, scale, offset, mean, variance []T, dims []int, featureAxis int,
	eps float64) {
	BatchNormApply(y, x, scale, offset, toFloat64(mean), toFloat64(variance), dims, featureAxis, eps)
}

// BatchNormGradient is XLA's BatchNormGrad: the gradients of y = x̂·scale + offset, where
// x̂ = (x−mean)/σ and σ = √(variance+eps), with respect to x, scale and offset, given dy and
// taking mean and variance to be x's batch statistics (so dx includes their dependence on x).
// With N values per feature:
//
//	doffset = Σ dy,  dscale = Σ dy·x̂,  dx = scale/σ · (dy − doffset/N − x̂·dscale/N).
//
// It is BatchNormGradientSums followed by BatchNormGradientApply.
func BatchNormGradient[T float32 | float64](dx, dscale, doffset, x, scale, mean, variance, dy []T, dims []int,
	featureAxis int, eps float64) {
	l := newBNLayout(dims, featureAxis)
	l.check(dims, nil, bnLen{"dscale", len(dscale)}, bnLen{"doffset", len(doffset)})
	ds, do := make([]float64, l.c), make([]float64, l.c)
	BatchNormGradientSums(ds, do, x, mean, variance, dy, dims, featureAxis, eps)
	for c := range ds {
		dscale[c], doffset[c] = T(ds[c]), T(do[c])
	}
	BatchNormGradientApply(dx, x, scale, mean, variance, dy, ds, do, dims, featureAxis, eps)
}

// BatchNormGradientSums writes dscale = Σ dy·x̂ and doffset = Σ dy per feature, in float64.
func BatchNormGradientSums[T float32 | float64](dscale, doffset []float64, x, mean, variance, dy []T, dims []int,
	featureAxis int, eps float64) {
	l := newBNLayout(dims, featureAxis)
	l.check(dims, []bnLen{{"x", len(x)}, {"dy", len(dy)}}, bnLen{"dscale", len(dscale)},
		bnLen{"doffset", len(doffset)}, bnLen{"mean", len(mean)}, bnLen{"variance", len(variance)})
	sumDy, sumDyDev := gradientSums(x, dy, toFloat64(mean), l)
	for c := range sumDy {
		doffset[c] = sumDy[c]
		dscale[c] = sumDyDev[c] / math.Sqrt(float64(variance[c])+eps)
	}
}

// BatchNormGradientApply writes dx = scale/σ · (dy − doffset/N − x̂·dscale/N) given the sums of
// BatchNormGradientSums.
func BatchNormGradientApply[T float32 | float64](dx, x, scale, mean, variance, dy []T, dscale, doffset []float64,
	dims []int, featureAxis int, eps float64) {
	l := newBNLayout(dims, featureAxis)
	l.check(dims, []bnLen{{"dx", len(dx)}, {"x", len(x)}, {"dy", len(dy)}}, bnLen{"scale", len(scale)},
		bnLen{"mean", len(mean)}, bnLen{"variance", len(variance)}, bnLen{"dscale", len(dscale)},
		bnLen{"doffset", len(doffset)})
	n := float64(l.count())
	m, k, m1, m2 := toFloat64(mean), make([]float64, l.c), make([]float64, l.c), make([]float64, l.c)
	for c := range m {
		inv := 1 / math.Sqrt(float64(variance[c])+eps)
		// dx = k·(dy − m1 − (x−mean)·m2), since x̂·dscale/N = (x−mean)·inv·dscale/N.
		k[c], m1[c], m2[c] = float64(scale[c])*inv, doffset[c]/n, inv*dscale[c]/n
	}
	gradientApply(dx, x, dy, m, k, m1, m2, l)
}
