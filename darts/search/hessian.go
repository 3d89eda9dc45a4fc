package search

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// HessianOptions set how the largest eigenvalue of ∇²α L_val is estimated.
type HessianOptions struct {
	Iters int     // at most this many Hessian-vector products (default 20)
	Tol   float64 // stop when the Ritz value's residual bound is under this, relatively (default 1e-3)
	Eps   float64 // finite-difference step along the unit vector (default 1e-3)
	Seed  uint64  // of the starting vector
}

func (o HessianOptions) withDefaults() HessianOptions {
	if o.Iters <= 0 {
		o.Iters = 20
	}
	if o.Tol <= 0 {
		o.Tol = 1e-3
	}
	if o.Eps <= 0 {
		o.Eps = 1e-3
	}
	return o
}

// AlphaGradient is ∇α L_val at α+δ on fixed validation batches, in training mode (batch
// statistics, as the α step sees the loss) without moving batch-norm running statistics or any
// variable. δ and the gradient are flat: α_normal's [edges, ops] then α_reduce's, row-major.
// The loss and gradient are averaged over the batches.
type AlphaGradient struct {
	s       *Searcher
	exec    *context.Exec
	batches [][2]*tensors.Tensor
	rows    int // edges per cell
	cols    int // primitives
}

// NewAlphaGradient prepares the gradient of the validation loss on these batches (images, labels).
func (s *Searcher) NewAlphaGradient(batches [][2]*tensors.Tensor) (*AlphaGradient, error) {
	if len(batches) == 0 {
		return nil, fmt.Errorf("search: NewAlphaGradient: no batch")
	}
	if err := s.ensureInitialized(batches[0][0], batches[0][1]); err != nil {
		return nil, err
	}
	net := s.Net.withDefaults()
	a := &AlphaGradient{s: s, batches: batches, rows: net.NumEdges(), cols: len(net.Primitives)}
	exec, err := context.NewExec(s.Backend, s.Ctx, a.graph)
	if err != nil {
		return nil, err
	}
	a.exec = exec
	return a, nil
}

// Len is the number of α entries (both cells).
func (a *AlphaGradient) Len() int { return 2 * a.rows * a.cols }

func (a *AlphaGradient) graph(ctx *context.Context, x, y, dNormal, dReduce *graph.Node) []*graph.Node {
	g := x.Graph()
	ctx.SetTraining(g, true)
	ctx.SetGraphParam(g, darts.ParamUpdateBatchNormStats, false)
	normal, reduce := a.s.Net.Alphas(ctx)
	n0, r0 := normal.ValueGraph(g), reduce.ValueGraph(g)
	n, r := graph.Add(n0, dNormal), graph.Add(r0, dReduce)
	normal.SetValueGraph(n)
	reduce.SetValueGraph(r)
	loss, _ := a.s.Net.Loss(ctx, []*graph.Node{x, y})
	grads := nn.Gradient(loss, n, r)
	// Back to α itself: the variables come out of the graph unchanged.
	normal.SetValueGraph(n0)
	reduce.SetValueGraph(r0)
	return []*graph.Node{loss, grads[0], grads[1]}
}

// At returns the mean validation loss and ∇α L_val at α+δ.
func (a *AlphaGradient) At(delta []float64) (loss float64, grad []float64, err error) {
	if len(delta) != a.Len() {
		return 0, nil, fmt.Errorf("search: AlphaGradient.At: δ has %d entries, want %d", len(delta), a.Len())
	}
	half := a.rows * a.cols
	toTensor := func(d []float64) *tensors.Tensor {
		f := make([]float32, len(d))
		for i, v := range d {
			f[i] = float32(v)
		}
		return tensors.FromFlatDataAndDimensions(f, a.rows, a.cols)
	}
	dn, dr := toTensor(delta[:half]), toTensor(delta[half:])
	grad = make([]float64, a.Len())
	for _, b := range a.batches {
		outs, err := a.exec.Exec(b[0], b[1], dn, dr)
		if err != nil {
			return 0, nil, err
		}
		loss += darts.Scalar(outs[0])
		for k, t := range outs[1:3] {
			for i, v := range tensors.MustCopyFlatData[float32](t) {
				grad[k*half+i] += float64(v)
			}
		}
	}
	n := float64(len(a.batches))
	for i := range grad {
		grad[i] /= n
	}
	return loss / n, grad, nil
}

// HVP is the finite-difference Hessian-vector product of L_val with respect to α.
func (a *AlphaGradient) HVP(eps float64) HVP {
	return FiniteDifferenceHVP(func(d []float64) ([]float64, error) {
		_, g, err := a.At(d)
		return g, err
	}, eps)
}

// MaxEigenvalue estimates the largest eigenvalue of ∇²α L_val at the current weights and α
// (Zela et al.'s λ_max^α), by Lanczos on finite-difference products (MaxEigenvalueOrthogonal)
// in the complement of the edges' constant directions (NullDirections), whose eigenvalue 0 is
// known: the estimate is never below 0.
func (a *AlphaGradient) MaxEigenvalue(o HessianOptions) (Eigen, error) {
	o = o.withDefaults()
	return MaxEigenvalueOrthogonal(a.HVP(o.Eps), a.Len(), o.Iters, o.Tol, o.Seed, a.NullDirections())
}

// NullDirections are the unit vectors constant on one edge's row of α (one per edge of each
// cell) and zero elsewhere: adding a constant to a row leaves its softmax, hence the loss, the
// same, so ∇²α L_val maps each of them to 0. They are orthonormal (disjoint supports).
func (a *AlphaGradient) NullDirections() [][]float64 {
	out := make([][]float64, 0, 2*a.rows)
	c := 1 / math.Sqrt(float64(a.cols))
	for r := 0; r < 2*a.rows; r++ {
		u := make([]float64, a.Len())
		for j := 0; j < a.cols; j++ {
			u[r*a.cols+j] = c
		}
		out = append(out, u)
	}
	return out
}
