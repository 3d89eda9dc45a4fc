package vec

import "math"

// Exp, Logistic and Tanh are the float32 functions the fused element-wise groups run (softmax,
// sigmoid gates, tanh activations): each value is computed in float64 and rounded to float32
// once, as the scalar loops do with package math, but four at a time in AVX2 registers with a
// polynomial of float64 accuracy (relative error near 1e-16). Rounded to float32, that is the
// scalar loops' value unless the exact result lies within about 1e-16 (relative) of a float32
// rounding boundary, where the two may differ by one ulp: TestTranscendentalsMatchMath counts
// none in millions of inputs. Specials: exp(+Inf) = +Inf, exp(−Inf) = 0, logistic(±Inf) = 1 and
// 0, tanh(±Inf) = ±1, tanh(±0) = ±0, NaN stays NaN; results below float32's normal range are
// rounded to its subnormals as the conversion does.

// Exp sets dst[i] = exp(src[i]).
func Exp(dst, src []float32) {
	unary(dst, src, exp32, func(x float32) float32 { return float32(math.Exp(float64(x))) })
}

// Logistic sets dst[i] = 1/(1+exp(−src[i])).
func Logistic(dst, src []float32) {
	unary(dst, src, logistic32, func(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) })
}

// Tanh sets dst[i] = tanh(src[i]).
func Tanh(dst, src []float32) {
	unary(dst, src, tanh32, func(x float32) float32 { return float32(math.Tanh(float64(x))) })
}

// unary runs kernel over the largest multiple of 4 elements and scalar over the rest.
func unary(dst, src []float32, kernel func(dst, src *float32, n int), scalar func(float32) float32) {
	if len(src) < len(dst) {
		panic("vec: source shorter than destination")
	}
	done := 0
	if n4 := len(dst) &^ 3; useAsm && n4 > 0 {
		kernel(&dst[0], &src[0], n4)
		done = n4
	}
	for i := done; i < len(dst); i++ {
		dst[i] = scalar(src[i])
	}
}
