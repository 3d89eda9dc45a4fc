package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// jacobiEigenvalues returns the eigenvalues of a symmetric matrix: symmetricEigen's cyclic Jacobi
// rotations (checked against closed-form eigenvalues in TestSymmetricEigenLaplacian), the exact
// reference the power iteration and Lanczos are checked against.
func jacobiEigenvalues(a [][]float64) []float64 {
	values, _ := symmetricEigen(a)
	return values
}

// largestMagnitude is the eigenvalue power iteration converges to.
func largestMagnitude(eig []float64) float64 {
	best := 0.0
	for _, v := range eig {
		if math.Abs(v) > math.Abs(best) {
			best = v
		}
	}
	return best
}

func matVec(h [][]float64) HVP {
	return func(v []float64) ([]float64, error) {
		out := make([]float64, len(h))
		for i := range h {
			out[i] = dot(h[i], v)
		}
		return out, nil
	}
}

// TestDominantEigenvalueKnownSpectrum builds Q·diag(λ)·Qᵀ from a random orthogonal Q and known λ,
// and requires power iteration to find the largest |λ|, negative or positive, and MaxEigenvalue
// the largest λ.
func TestDominantEigenvalueKnownSpectrum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 12
	q := make([][]float64, n) // Gram-Schmidt on random vectors: the rows of an orthogonal matrix
	for i := range q {
		q[i] = make([]float64, n)
		for j := range q[i] {
			q[i][j] = rng.NormFloat64()
		}
		for k := 0; k < i; k++ {
			d := dot(q[i], q[k])
			for j := range q[i] {
				q[i][j] -= d * q[k][j]
			}
		}
		normalize(q[i])
	}
	for _, lambdas := range [][]float64{
		{3.5, 2, 1.5, 1, 0.5, 0.2, 0, -0.1, -0.5, -1, -1.2, 0.9},
		{1, 0.5, -4, 0.3, 0.2, 0, 0, 0, 0.1, -0.2, 2, 1.5},
	} {
		h := make([][]float64, n)
		for i := range h {
			h[i] = make([]float64, n)
			for j := range h[i] {
				for k := range lambdas {
					h[i][j] += q[k][i] * lambdas[k] * q[k][j]
				}
			}
		}
		want := largestMagnitude(lambdas)
		if got := largestMagnitude(jacobiEigenvalues(h)); math.Abs(got-want) > 1e-9 {
			t.Fatalf("the test's Jacobi solver: %v, want %v", got, want)
		}
		e, err := DominantEigenvalue(matVec(h), n, 500, 1e-10, 7)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Converged || math.Abs(e.Value-want) > 1e-6*math.Abs(want) {
			t.Errorf("λ=%v: power iteration %v after %d products (converged %v), want %v", lambdas, e.Value, e.Iters, e.Converged, want)
		}
		// The largest eigenvalue (Zela et al.'s λ_max), also when a negative one dominates.
		m, err := MaxEigenvalue(matVec(h), n, 2000, 1e-12, 7)
		if err != nil {
			t.Fatal(err)
		}
		if want := slices.Max(lambdas); math.Abs(m.Value-want) > 1e-6*math.Abs(want) {
			t.Errorf("λ=%v: MaxEigenvalue %v after %d products, want %v", lambdas, m.Value, m.Iters, want)
		}
	}
}

// TestFiniteDifferenceHessianOfLogistic checks the finite-difference product and the eigenvalue
// it gives on logistic regression, whose Hessian Xᵀ·diag(p(1−p))·X/N is known in closed form.
func TestFiniteDifferenceHessianOfLogistic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, d = 40, 6
	x := make([][]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = make([]float64, d)
		for j := range x[i] {
			x[i][j] = rng.NormFloat64() * float64(j+1) / 2
		}
		y[i] = float64(rng.IntN(2))
	}
	w0 := make([]float64, d)
	for j := range w0 {
		w0[j] = 0.3 * rng.NormFloat64()
	}
	sigmoid := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	grad := func(delta []float64) ([]float64, error) {
		g := make([]float64, d)
		for i := range x {
			w := make([]float64, d)
			for j := range w {
				w[j] = w0[j] + delta[j]
			}
			r := sigmoid(dot(w, x[i])) - y[i]
			for j := range g {
				g[j] += r * x[i][j] / n
			}
		}
		return g, nil
	}
	h := make([][]float64, d)
	for a := range h {
		h[a] = make([]float64, d)
	}
	for i := range x {
		p := sigmoid(dot(w0, x[i]))
		for a := range h {
			for b := range h[a] {
				h[a][b] += p * (1 - p) * x[i][a] * x[i][b] / n
			}
		}
	}
	hvp := FiniteDifferenceHVP(grad, 1e-4)
	v := []float64{0.3, -0.2, 0.5, 0.1, -0.7, 0.2}
	got, _ := hvp(v)
	want, _ := matVec(h)(v)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-7 {
			t.Errorf("(Hv)[%d] = %.9f by finite differences, %.9f exact", i, got[i], want[i])
		}
	}
	exact := largestMagnitude(jacobiEigenvalues(h))
	e, err := DominantEigenvalue(hvp, d, 200, 1e-9, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e.Value-exact) > 1e-6*exact {
		t.Errorf("dominant eigenvalue %v (%d products), exact %v", e.Value, e.Iters, exact)
	}
}
