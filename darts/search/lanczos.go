package search

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// MaxEigenvalue is the largest (algebraic) eigenvalue of a symmetric n×n operator, Zela et al.'s
// λ_max, by Lanczos with full reorthogonalisation (MaxEigenvalueOrthogonal with no known null
// directions).
func MaxEigenvalue(h HVP, n, iters int, tol float64, seed uint64) (Eigen, error) {
	return MaxEigenvalueOrthogonal(h, n, iters, tol, seed, nil)
}

// MaxEigenvalueOrthogonal estimates the largest eigenvalue of a symmetric n×n operator by
// Lanczos: k products span the Krylov space of a seeded random start, the operator restricted to
// it is a k×k tridiagonal T, and T's largest eigenvalue (the Ritz value) is the estimate. Why
// Lanczos and not power iteration: power iteration converges to the eigenvalue of largest
// magnitude at the rate of the ratio of the two largest magnitudes, so in the handful of products
// a search can afford it lands anywhere between the extremes (a negative value when a negative
// eigenvalue dominates, although ∇²α L_val always has λ_max ≥ 0), while the Ritz value is the
// maximum of the Rayleigh quotient over the whole Krylov space: never above λ_max in exact
// arithmetic, never below the Rayleigh quotient of any of power iteration's iterates from the
// same start, and converging in about √(spread/gap) as many products.
//
// Every Lanczos vector is reorthogonalised against all the ones before (twice), which costs
// O(n·k²) flops, nothing next to a Hessian-vector product, and keeps T faithful when the products
// are noisy (finite differences). The iteration stops after iters products, or when the Ritz
// value's residual bound β_k·|s_k| (the distance from it to an eigenvalue of the operator) falls
// under tol relative to it, or when the Krylov space is invariant.
//
// null holds orthonormal vectors the operator maps to 0, known beforehand (∇²α L_val: an edge's
// row of α shifted by a constant leaves softmax and the loss unchanged). They are projected out
// of the start and of every Lanczos vector, so that no product is spent on the known eigenvalue 0
// and the iteration runs in their orthogonal complement; the estimate is then
// max(Ritz value, 0), since 0 is an eigenvalue of the whole operator (Eigen.Ritz keeps the
// complement's own value).
func MaxEigenvalueOrthogonal(h HVP, n, iters int, tol float64, seed uint64, null [][]float64) (Eigen, error) {
	if n < 1 || iters < 1 {
		return Eigen{}, fmt.Errorf("search: MaxEigenvalue: n=%d, iters=%d, want >= 1", n, iters)
	}
	if len(null) >= n {
		return Eigen{}, fmt.Errorf("search: MaxEigenvalue: %d null directions in %d dimensions", len(null), n)
	}
	for i, u := range null {
		if len(u) != n {
			return Eigen{}, fmt.Errorf("search: MaxEigenvalue: null direction %d has %d entries, want %d", i, len(u), n)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	orthogonalize(v, null)
	normalize(v)
	dim := n - len(null) // the Krylov space cannot grow beyond the complement
	var (
		basis       [][]float64
		alpha, beta []float64 // T's diagonal and off-diagonal
		e           = Eigen{Value: math.NaN(), Ritz: math.NaN(), Null: len(null)}
		ritz        []float64 // T's eigenvector for the Ritz value
	)
	for e.Iters < iters {
		basis = append(basis, v)
		w, err := h(v)
		if err != nil {
			return e, err
		}
		e.Iters++
		if norm := math.Sqrt(dot(w, w)); math.IsNaN(norm) || math.IsInf(norm, 0) {
			return e, fmt.Errorf("search: Hessian-vector product is %g after %d products", norm, e.Iters)
		}
		w = append([]float64(nil), w...) // the product may be the caller's
		a := dot(v, w)
		alpha = append(alpha, a)
		for i := range w {
			w[i] -= a * v[i]
		}
		if k := len(basis); k > 1 {
			b, prev := beta[k-2], basis[k-2]
			for i := range w {
				w[i] -= b * prev[i]
			}
		}
		for range 2 { // full reorthogonalisation, twice is enough (Parlett's "twice is enough")
			orthogonalize(w, basis)
			orthogonalize(w, null)
		}
		b := math.Sqrt(dot(w, w))
		var vals []float64
		var vecs [][]float64
		vals, vecs = symmetricEigen(tridiagonal(alpha, beta))
		top := 0
		for i := range vals {
			if vals[i] > vals[top] {
				top = i
			}
		}
		e.Ritz, ritz = vals[top], vecs[top]
		residual := b * math.Abs(ritz[len(ritz)-1])
		scale := math.Max(math.Abs(e.Ritz), math.Abs(a))
		if len(basis) == dim || residual <= tol*math.Abs(e.Ritz) || b <= 1e-12*scale {
			e.Converged = true
			break
		}
		beta = append(beta, b)
		v = make([]float64, n)
		for i := range w {
			v[i] = w[i] / b
		}
	}
	e.Value = e.Ritz
	if len(null) > 0 {
		e.Value = math.Max(e.Ritz, 0)
	}
	e.Vector = make([]float64, n)
	for j, s := range ritz {
		for i, x := range basis[j] {
			e.Vector[i] += s * x
		}
	}
	normalize(e.Vector)
	return e, nil
}

// orthogonalize removes from v its components along the orthonormal vectors us.
func orthogonalize(v []float64, us [][]float64) {
	for _, u := range us {
		d := dot(u, v)
		for i := range v {
			v[i] -= d * u[i]
		}
	}
}

// tridiagonal is the symmetric matrix with diagonal a and off-diagonal b (len(b) = len(a)−1).
func tridiagonal(a, b []float64) [][]float64 {
	t := make([][]float64, len(a))
	for i := range t {
		t[i] = make([]float64, len(a))
		t[i][i] = a[i]
		if i > 0 {
			t[i][i-1], t[i-1][i] = b[i-1], b[i-1]
		}
	}
	return t
}
