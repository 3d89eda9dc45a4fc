package architect

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// A tiny float64 model with a DARTS-like relaxation: two candidate ops mixed by softmax(α).
const dIn, dHidden = 3, 4

func tinyLoss(ctx *context.Context, batch []*graph.Node) (*graph.Node, []*graph.Node) {
	x, y := batch[0], batch[1]
	g := x.Graph()
	m := ctx.InAbsPath("/model")
	w1 := m.VariableWithShape("w1", shapes.Make(dtypes.Float64, dIn, dHidden)).ValueGraph(g)
	w2 := m.VariableWithShape("w2", shapes.Make(dtypes.Float64, dIn, dHidden)).ValueGraph(g)
	w3 := m.VariableWithShape("w3", shapes.Make(dtypes.Float64, dHidden, 1)).ValueGraph(g)
	alpha := ctx.InAbsPath("/arch").VariableWithShape("alpha", shapes.Make(dtypes.Float64, 2)).ValueGraph(g)
	mix := graph.Softmax(alpha, 0)
	h := graph.Add(
		graph.Mul(graph.Reshape(graph.Slice(mix, graph.AxisElem(0))), graph.Tanh(graph.Dot(x, w1))),
		graph.Mul(graph.Reshape(graph.Slice(mix, graph.AxisElem(1))), graph.Dot(x, w2)))
	pred := graph.Dot(h, w3)
	return graph.ReduceAllMean(graph.Square(graph.Sub(pred, y))), nil
}

func tinyContext(rng *rand.Rand) *context.Context {
	ctx := context.New().Checked(false)
	randT := func(dims ...int) *tensors.Tensor {
		n := 1
		for _, d := range dims {
			n *= d
		}
		f := make([]float64, n)
		for i := range f {
			f[i] = rng.NormFloat64()
		}
		return tensors.FromFlatDataAndDimensions(f, dims...)
	}
	m := ctx.InAbsPath("/model")
	m.VariableWithValue("w1", randT(dIn, dHidden))
	m.VariableWithValue("w2", randT(dIn, dHidden))
	m.VariableWithValue("w3", randT(dHidden, 1))
	ctx.InAbsPath("/arch").VariableWithValue("alpha", tensors.FromFlatDataAndDimensions([]float64{0.3, -0.2}, 2))
	return ctx
}

// TestSecondOrderMatchesUnrolledDerivative checks eq. 7–8: the architect's second-order α
// gradient must match a float64 central difference of the unrolled objective
// J(α) = L_val(w − ξ∇w L_train(w, α), α).
func TestSecondOrderMatchesUnrolledDerivative(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := tinyContext(rng)
	batch := func(n int) []*tensors.Tensor {
		x := make([]float64, n*dIn)
		y := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		for i := range y {
			y[i] = rng.NormFloat64()
		}
		return []*tensors.Tensor{tensors.FromFlatDataAndDimensions(x, n, dIn), tensors.FromFlatDataAndDimensions(y, n, 1)}
	}
	train, val := batch(8), batch(8)
	const xi = 0.5 // large, so the implicit (second-order) term is far above the tolerance
	cfg := Config{Order: 2, WeightOpt: optim.SGD{}, ArchScope: "arch"}

	analytic := func(order int) []float64 {
		c := cfg
		c.Order = order
		outs := context.MustExecOnceN(b, ctx, func(ctx *context.Context, x, y, xv, yv *graph.Node) []*graph.Node {
			lr := graph.Scalar(x.Graph(), dtypes.Float64, xi)
			_, _, grads := c.ArchGradients(ctx, tinyLoss, []*graph.Node{x, y}, []*graph.Node{xv, yv}, lr)
			return grads
		}, train[0], train[1], val[0], val[1])
		return tensors.MustCopyFlatData[float64](outs[0])
	}
	// J(α) with α given as an input.
	objective := context.MustNewExec(b, ctx, func(ctx *context.Context, alpha, x, y, xv, yv *graph.Node) *graph.Node {
		arch, weights := cfg.Variables(ctx)
		alphaParam := arch[0].ValueGraph(alpha.Graph())
		arch[0].SetValueGraph(alpha)
		lTrain, _ := tinyLoss(ctx, []*graph.Node{x, y})
		g := alpha.Graph()
		w := make([]*graph.Node, len(weights))
		for i, v := range weights {
			w[i] = v.ValueGraph(g)
		}
		grads := graph.Gradient(lTrain, w...)
		for i, v := range weights {
			v.SetValueGraph(graph.Sub(w[i], graph.MulScalar(grads[i], xi)))
		}
		lVal, _ := tinyLoss(ctx, []*graph.Node{xv, yv})
		for i, v := range weights { // leave the variables unchanged
			v.SetValueGraph(w[i])
		}
		arch[0].SetValueGraph(alphaParam)
		return lVal
	})
	numeric := make([]float64, 2)
	alpha0 := []float64{0.3, -0.2}
	const eps = 1e-5
	for i := range alpha0 {
		eval := func(delta float64) float64 {
			a := append([]float64(nil), alpha0...)
			a[i] += delta
			out := objective.MustExec(tensors.FromFlatDataAndDimensions(a, 2), train[0], train[1], val[0], val[1])
			return out[0].Value().(float64)
		}
		numeric[i] = (eval(eps) - eval(-eps)) / (2 * eps)
	}
	second, first := analytic(2), analytic(1)
	scale := math.Max(math.Abs(numeric[0]), math.Abs(numeric[1]))
	// The finite-difference Hessian-vector product has a relative error of order R²·‖v‖²
	// (R = 0.01/‖v‖) times third derivatives, i.e. ~1e-4 of the implicit term; the central
	// difference of J adds ~1e-10. 1e-3 of the gradient's scale leaves room for both.
	tol := 1e-3 * scale
	for i := range numeric {
		if d := math.Abs(second[i] - numeric[i]); d > tol {
			t.Errorf("α[%d]: second order %.9g, unrolled objective %.9g (diff %.3g > %.3g)", i, second[i], numeric[i], d, tol)
		}
	}
	// The test must be able to tell: the first-order gradient (without the implicit term) is far off.
	worstFirst := 0.0
	for i := range numeric {
		worstFirst = math.Max(worstFirst, math.Abs(first[i]-numeric[i]))
	}
	if worstFirst < 20*tol {
		t.Fatalf("first-order gradient is within %.3g of the unrolled derivative: the test cannot tell the orders apart", worstFirst)
	}
	t.Logf("numeric %v second order %v first order %v", numeric, second, first)
}
