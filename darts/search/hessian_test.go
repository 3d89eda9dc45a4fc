package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/data/dataset"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// hessianNet is a search network small enough to form ∇²α L_val column by column: one cell (a
// reduction cell: α_normal does not enter), 2 nodes (5 edges), 2 primitives without weights, so
// 20 α entries. The loss is then smooth in α: no ReLU sees a value that depends on α (a second
// cell's preprocessing ReLUs would, and a finite-difference step across their kinks makes the
// formed Hessian asymmetric, by 0.44 against λ 0.40 on one batch of random images). Not "none"
// either: with it a node can shrink towards zero and the loss's third derivatives grow so large
// that a finite-difference Hessian is not symmetric at any step float32 allows.
func hessianNet() Config {
	return Config{C: 2, Layers: 1, NumClasses: 10, Steps: 2, Multiplier: 2,
		Primitives: []string{"avg_pool_3x3", "skip_connect"}}
}

// hessianBatch is 8 random 8×8 RGB images with random labels (its own data, so that changes to
// other tests' data leave it alone).
func hessianBatch(t *testing.T) [][2]*tensors.Tensor {
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 8
	raw := make([]byte, n*8*8*3)
	for i := range raw {
		raw[i] = byte(rng.IntN(256))
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(10))
	}
	images, err := dataset.FromBytes("hessian", raw, labels, 8, 8, 3, 10, dataset.HWC, dataset.CIFAR10Norm)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dataset.NewBatcher(images, dataset.Config{BatchSize: n})
	if err != nil {
		t.Fatal(err)
	}
	batch := b.NewBatch()
	b.Next(batch)
	return [][2]*tensors.Tensor{{batchTensors(batch), batchLabels(batch)}}
}

// TestAlphaHessianEigenvalue checks the α gradient against central differences of the loss it is
// the gradient of, then forms ∇²α L_val of a tiny search network column by column (finite
// differences of that gradient), and requires Lanczos on the same products to find its largest
// eigenvalue.
func TestAlphaHessianEigenvalue(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSearcher(b, hessianNet(), tinyRunConfig(1).Architect(), 3)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.NewAlphaGradient(hessianBatch(t))
	if err != nil {
		t.Fatal(err)
	}
	n := a.Len()
	if n != 20 {
		t.Fatalf("Len = %d, want 2 cells × 5 edges × 2 ops = 20", n)
	}
	// Move α away from its near-zero start, so that the softmax's curvature differs per edge.
	alpha := make([]float64, n)
	for i := range alpha {
		alpha[i] = 0.5 * math.Sin(float64(3*i+1))
	}
	_, g0, err := a.At(alpha)
	if err != nil {
		t.Fatal(err)
	}
	shifted := func(i int, h float64) []float64 {
		d := append([]float64(nil), alpha...)
		d[i] += h
		return d
	}
	for _, i := range []int{0, 7, 12, 19} {
		const h = 1e-3
		lp, _, _ := a.At(shifted(i, h))
		lm, _, _ := a.At(shifted(i, -h))
		fd := (lp - lm) / (2 * h)
		if math.Abs(fd-g0[i]) > 2e-4+1e-2*math.Abs(g0[i]) {
			t.Errorf("∂L/∂α[%d] = %.6f, central difference of the loss %.6f", i, g0[i], fd)
		}
	}
	const eps = 1e-3
	grad := func(d []float64) ([]float64, error) {
		x := append([]float64(nil), alpha...)
		for i := range x {
			x[i] += d[i]
		}
		_, g, err := a.At(x)
		return g, err
	}
	hvp := FiniteDifferenceHVP(grad, eps)
	h := make([][]float64, n)
	for j := 0; j < n; j++ {
		e := make([]float64, n)
		e[j] = 1
		col, err := hvp(e)
		if err != nil {
			t.Fatal(err)
		}
		for i := range h {
			if h[i] == nil {
				h[i] = make([]float64, n)
			}
			h[i][j] = col[i]
		}
	}
	asym := 0.0
	for i := range h {
		for j := range i {
			asym = max(asym, math.Abs(h[i][j]-h[j][i]))
			m := (h[i][j] + h[j][i]) / 2
			h[i][j], h[j][i] = m, m
		}
	}
	exact := slices.Max(jacobiEigenvalues(h))
	if asym > 1e-2*math.Abs(exact) {
		t.Errorf("the formed Hessian is not symmetric: |H−Hᵀ| up to %g, λ %g", asym, exact)
	}
	e, err := MaxEigenvalue(hvp, n, 400, 1e-7, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("λ_max: Lanczos %.6f (%d products), formed Hessian %.6f, asymmetry %.2g", e.Value, e.Iters, exact, asym)
	if math.Abs(e.Value-exact) > 1e-2*math.Abs(exact) {
		t.Errorf("Lanczos %v, eigenvalue of the formed Hessian %v", e.Value, exact)
	}
	// The edges' constant directions are null directions of the formed Hessian, and with them
	// projected out 6 products (the quick search's budget) give λ_max to within 2%.
	null := a.NullDirections()
	for k, u := range null {
		hu, _ := matVec(h)(u)
		if r := math.Sqrt(dot(hu, hu)); r > 1e-2*exact {
			t.Errorf("null direction %d: |Hu| = %g", k, r)
		}
	}
	few, err := MaxEigenvalueOrthogonal(hvp, n, 6, 1e-7, 5, null)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("λ_max from 6 products: %.6f (%d null directions projected out)", few.Value, few.Null)
	if len(null) != 10 || few.Iters != 6 || math.Abs(few.Value-exact) > 2e-2*math.Abs(exact) {
		t.Errorf("Lanczos with %d null directions: %v after %d products, formed Hessian %v", len(null), few.Value, few.Iters, exact)
	}
	// The same through the method the search calls, at α itself.
	if _, err := a.MaxEigenvalue(HessianOptions{Iters: 3}); err != nil {
		t.Fatal(err)
	}
}
