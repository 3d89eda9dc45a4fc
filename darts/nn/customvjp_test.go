package nn

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// scaledProduct is a two-input op x·y whose custom backward deliberately returns gradients that
// differ from the true ones (10·v·y for x, and -v for y), so tests can tell which was used.
func scaledProduct(x, y *graph.Node) *graph.Node {
	return CustomVJP([]*graph.Node{x, y},
		func(in []*graph.Node) *graph.Node { return graph.Mul(in[0], in[1]) },
		func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
			return []*graph.Node{graph.MulScalar(graph.Mul(v, in[1]), 10), graph.Neg(v)}
		})
}

func TestCustomVJPForwardIsUnchanged(t *testing.T) {
	backend := testBackend(t)
	got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return scaledProduct(in[0], in[1])
	}, tensors.FromValue([]float64{1, 2, 3}), tensors.FromValue([]float64{4, 5, 6}))
	assertDims(t, "forward", dims, 3)
	assertClose(t, "forward", got, []float64{4, 10, 18}, 0)
}

func TestCustomVJPUsesBackward(t *testing.T) {
	backend := testBackend(t)
	x, y := []float64{1, 2, 3}, []float64{4, 5, 6}
	grads, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
		loss := graph.ReduceAllSum(scaledProduct(in[0], in[1]))
		return graph.Gradient(loss, in[0], in[1])
	}, tensors.FromValue(x), tensors.FromValue(y))
	assertClose(t, "dx", grads[0], []float64{40, 50, 60}, 0)
	assertClose(t, "dy", grads[1], []float64{-1, -1, -1}, 0)
}

func TestCustomVJPGradientForSomeInputsOnly(t *testing.T) {
	backend := testBackend(t)
	calls := 0
	grads, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
		out := CustomVJP([]*graph.Node{in[0], in[1]},
			func(in []*graph.Node) *graph.Node { return graph.Mul(in[0], in[1]) },
			func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
				calls++
				// No gradient for y: nil means "not needed".
				return []*graph.Node{graph.Mul(v, in[1]), nil}
			})
		loss := graph.ReduceAllSum(graph.Square(out))
		return graph.Gradient(loss, in[0])
	}, tensors.FromValue([]float64{1, 2}), tensors.FromValue([]float64{3, -1}))
	// d/dx Σ (x·y)² = 2·x·y·y.
	assertClose(t, "dx", grads[0], []float64{18, 4}, 1e-12)
	if calls != 1 {
		t.Fatalf("backward called %d times, want 1", calls)
	}
}

func TestCustomVJPInsideBiggerExpressionAndUsedTwice(t *testing.T) {
	backend := testBackend(t)
	x, y := []float64{1, -2}, []float64{3, 0.5}
	grads, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
		xe := graph.MulScalar(in[0], 2) // The op's inputs are themselves computed.
		p := scaledProduct(xe, in[1])
		// p is consumed twice, and the op is instantiated a second time on the same inputs.
		q := scaledProduct(in[0], in[1])
		loss := graph.Add(graph.ReduceAllSum(graph.Square(p)), graph.ReduceAllSum(graph.Mul(p, q)))
		return graph.Gradient(loss, in[0], in[1])
	}, tensors.FromValue(x), tensors.FromValue(y))
	// With p = 2xy and q = xy: dL/dp = 2p + q, dL/dq = p.
	// Custom rules: d/dxe from p is 10·(dL/dp)·y, chained ×2 to x; d/dx from q is 10·(dL/dq)·y;
	// d/dy from p is -(dL/dp), from q is -(dL/dq).
	wantDx, wantDy := make([]float64, 2), make([]float64, 2)
	for i := range x {
		p, q := 2*x[i]*y[i], x[i]*y[i]
		vp, vq := 2*p+q, p
		wantDx[i] = 2*10*vp*y[i] + 10*vq*y[i]
		wantDy[i] = -vp - vq
	}
	assertClose(t, "dx", grads[0], wantDx, 1e-12)
	assertClose(t, "dy", grads[1], wantDy, 1e-12)
}

func TestCustomVJPTwoGradientCallsOnOneGraph(t *testing.T) {
	backend := testBackend(t)
	grads, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
		p := scaledProduct(in[0], in[1])
		first := graph.Gradient(graph.ReduceAllSum(p), in[0])[0]
		second := graph.Gradient(graph.ReduceAllSum(graph.MulScalar(p, 3)), in[0])[0]
		return []*graph.Node{first, second}
	}, tensors.FromValue([]float64{1, 2}), tensors.FromValue([]float64{3, 4}))
	assertClose(t, "first", grads[0], []float64{30, 40}, 0)
	assertClose(t, "second", grads[1], []float64{90, 120}, 0)
}

func TestCustomVJPScalarAndFloat32Inputs(t *testing.T) {
	backend := testBackend(t)
	grads, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
		loss := graph.ReduceAllSum(scaledProduct(in[0], in[1]))
		return graph.Gradient(loss, in[0], in[1])
	}, tensors.FromScalar(float32(2)), tensors.FromScalar(float32(5)))
	assertClose(t, "dx", grads[0], []float64{50}, 0)
	assertClose(t, "dy", grads[1], []float64{-1}, 0)
}

func TestCustomVJPNonFiniteInputsStayLocal(t *testing.T) {
	backend := testBackend(t)
	got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return scaledProduct(in[0], in[1])
	}, tensors.FromValue([]float64{math.Inf(1), 2}), tensors.FromValue([]float64{3, 4}))
	// Anchoring an Inf with 0·Inf would have made every element NaN.
	if !math.IsInf(got[0], 1) || got[1] != 8 {
		t.Fatalf("got %v, want [+Inf 8]", got)
	}
}

// TestCustomVJPOutputIsForwardsBitForBit: the anchored output is forward's output bit for bit,
// −0 included (adding a zero to anchor the inputs turned −0 into +0).
func TestCustomVJPOutputIsForwardsBitForBit(t *testing.T) {
	backend := testBackend(t)
	got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return scaledProduct(in[0], in[1])
	}, tensors.FromValue([]float64{-1, 0, 2}), tensors.FromValue([]float64{0, -3, 4}))
	for i, want := range []float64{math.Copysign(0, -1), math.Copysign(0, -1), 8} {
		if math.Float64bits(got[i]) != math.Float64bits(want) {
			t.Fatalf("element %d: %g (bits %x), want %g (bits %x)", i, got[i], math.Float64bits(got[i]), want, math.Float64bits(want))
		}
	}
}
