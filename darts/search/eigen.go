package search

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// HVP multiplies a Hessian by a vector.
type HVP func(v []float64) ([]float64, error)

// FiniteDifferenceHVP builds a Hessian-vector product from a gradient: H·v ≈ (∇f(x+εv) −
// ∇f(x−εv))/2ε, where grad(δ) is ∇f at x+δ. Its error is O(ε²) in the third derivatives plus the
// gradient's rounding over ε; it is how the search gets ∇²α L_val, because GoMLX cannot
// differentiate a gradient that passes through a convolution.
func FiniteDifferenceHVP(grad func(delta []float64) ([]float64, error), eps float64) HVP {
	return func(v []float64) ([]float64, error) {
		d := make([]float64, len(v))
		for i := range v {
			d[i] = eps * v[i]
		}
		plus, err := grad(d)
		if err != nil {
			return nil, err
		}
		for i := range d {
			d[i] = -d[i]
		}
		minus, err := grad(d)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(v))
		for i := range out {
			out[i] = (plus[i] - minus[i]) / (2 * eps)
		}
		return out, nil
	}
}

// Eigen is the result of DominantEigenvalue or MaxEigenvalue.
type Eigen struct {
	Value     float64   // the estimate: power iteration's last Rayleigh quotient vᵀHv, Lanczos's λ_max
	Vector    []float64 // its unit vector (Lanczos: the Ritz vector)
	Iters     int       // Hessian-vector products used
	Converged bool      // the relative change (Lanczos: the residual bound) fell under the tolerance
	Ritz      float64   // Lanczos: the largest Ritz value, in the complement of the null directions
	Null      int       // Lanczos: known null directions projected out (Value is then max(Ritz, 0))
}

// DominantEigenvalue runs power iteration on a symmetric n×n operator: from a seeded random unit
// vector, v ← Hv/‖Hv‖ until the Rayleigh quotient vᵀHv changes by less than tol relative to its
// value, or for at most iters products. It converges to the eigenvalue of largest magnitude
// (a negative one if that dominates), at a speed set by the ratio of the two largest magnitudes:
// too slowly for the few products a search affords, which is why λ_max is found by Lanczos
// (MaxEigenvalue).
func DominantEigenvalue(h HVP, n, iters int, tol float64, seed uint64) (Eigen, error) {
	if n < 1 || iters < 1 {
		return Eigen{}, fmt.Errorf("search: DominantEigenvalue: n=%d, iters=%d, want >= 1", n, iters)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	normalize(v)
	e := Eigen{Value: math.NaN()}
	for e.Iters < iters {
		hv, err := h(v)
		if err != nil {
			return e, err
		}
		e.Iters++
		lambda := dot(v, hv)
		norm := math.Sqrt(dot(hv, hv))
		if math.IsNaN(norm) || math.IsInf(norm, 0) {
			return e, fmt.Errorf("search: Hessian-vector product is %g after %d products", norm, e.Iters)
		}
		if norm == 0 {
			e.Value, e.Vector, e.Converged = 0, v, true
			return e, nil
		}
		prev := e.Value
		e.Value, e.Vector = lambda, v
		if !math.IsNaN(prev) && math.Abs(lambda-prev) <= tol*math.Abs(lambda) {
			e.Converged = true
			return e, nil
		}
		next := make([]float64, n)
		for i := range hv {
			next[i] = hv[i] / norm
		}
		v = next
	}
	return e, nil
}

var errZeroVector = errors.New("search: zero vector")

func normalize(v []float64) {
	n := math.Sqrt(dot(v, v))
	if n == 0 {
		panic(errZeroVector)
	}
	for i := range v {
		v[i] /= n
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
