package architect

import (
	"slices"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// UnrolledParts are the pieces of the second-order α gradient (eq. 7–8), as graph nodes, so that
// they can be shown one by one: Grads = Unrolled + Implicit, per α variable (in the order of
// Variables).
type UnrolledParts struct {
	// ValLoss is L_val(w′, α), at the virtual weights; ValExtras its LossFn extras.
	ValLoss   *graph.Node
	ValExtras []*graph.Node
	// Unrolled is ∇α L_val(w′, α): the first-order gradient taken at the virtual weights.
	Unrolled []*graph.Node
	// Implicit is −ξ·(∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)) / 2R: the finite-difference
	// Hessian-vector product of eq. 8 times −ξ (and the clip coefficient under ClipUnrolled).
	Implicit []*graph.Node
	// Grads is the second-order gradient the α step uses.
	Grads []*graph.Node
	// Xi is ξ as the implicit term uses it (lr; times the clip coefficient under ClipUnrolled),
	// Radius the finite-difference radius R = 0.01/VNorm, VNorm = ‖∇w′ L_val(w′, α)‖ (after
	// clipping under ClipUnrolled): the length of the vector of the Hessian-vector product.
	Xi, Radius, VNorm *graph.Node
}

// SecondOrderParts builds the second-order α gradient of eq. 7–8 in parts, without updating
// anything; it is what a second-order Step uses, whatever c.Order says.
func (c Config) SecondOrderParts(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node) UnrolledParts {
	arch, weights := c.Variables(ctx)
	return c.unrolledParts(ctx, loss, train, val, lr, arch, weights)
}

// unrolledArchGrads computes the second-order α gradient of eq. 7–8 (see the package doc).
func (c Config) unrolledArchGrads(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node,
	arch, weights []*context.Variable) (valLoss *graph.Node, valExtras, archGrads []*graph.Node) {
	p := c.unrolledParts(ctx, loss, train, val, lr, arch, weights)
	return p.ValLoss, p.ValExtras, p.Grads
}

func (c Config) unrolledParts(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node,
	arch, weights []*context.Variable) UnrolledParts {
	g := lr.Graph()
	// XLA's batched search cell stores the weights of a batch of edges stacked (one variable),
	// so the virtual step and the offsets act on whole tensors there too.
	w := make([]*graph.Node, len(weights))
	for i, v := range weights {
		w[i] = v.ValueGraph(g)
	}
	setWeights := func(values []*graph.Node) {
		for i, v := range weights {
			v.SetValueGraph(values[i])
		}
	}

	// Virtual step w′ = w − ξ(μ·buf + ∇w L_train(w, α) + wd·w), ξ = lr; no clipping, as the CNN
	// reference (ClipUnrolled: clipped gradients, as the recurrent one).
	withBNStats(ctx, g, c.ArchStepBNStats)
	trainLoss, _ := loss(ctx, train)
	trainGrads := nn.Gradient(trainLoss, w...)
	var clipCoef *graph.Node // ClipUnrolled: GradClip/(‖∇w L_train‖+1e-6)
	if c.ClipUnrolled {
		norm := graph.StopGradient(optim.GlobalNorm(trainGrads))
		clipCoef = graph.Div(graph.Scalar(g, norm.DType(), c.GradClip), graph.AddScalar(norm, 1e-6))
		trainGrads = optim.ClipByNorm(trainGrads, norm, c.GradClip) // no gradient flows through the virtual step
	}
	wVirtual := make([]*graph.Node, len(w))
	for i, v := range weights {
		d := graph.Add(trainGrads[i], graph.MulScalar(w[i], c.WeightOpt.WeightDecay))
		if c.WeightOpt.Momentum != 0 {
			d = graph.Add(d, graph.MulScalar(c.WeightOpt.MomentumBuffer(ctx, v, g), c.WeightOpt.Momentum))
		}
		if slices.Contains(c.KeepInVirtualStep, v.ScopeAndName()) {
			wVirtual[i] = w[i]
			continue
		}
		step := graph.Mul(graph.ConvertDType(lr, w[i].DType()), d)
		wVirtual[i] = graph.Sub(w[i], graph.StopGradient(step))
	}

	// ∇α and ∇w′ of L_val(w′, α); the reference runs it on a copy of the model, whose batch-norm
	// statistics are discarded.
	withBNStats(ctx, g, false)
	var p UnrolledParts
	setWeights(wVirtual)
	valLoss, valExtras := loss(ctx, val)
	targets := make([]*graph.Node, 0, len(arch)+len(wVirtual))
	for _, v := range arch {
		targets = append(targets, v.ValueGraph(g))
	}
	grads := nn.Gradient(valLoss, append(targets, wVirtual...)...)
	p.ValLoss, p.ValExtras = valLoss, valExtras
	dAlpha, dWVirtual := grads[:len(arch)], grads[len(arch):]
	if c.ClipUnrolled {
		dWVirtual, _ = optim.ClipByGlobalNorm(dWVirtual, c.GradClip)
	}

	// Finite-difference Hessian-vector product with R = 0.01/‖∇w′ L_val‖.
	p.VNorm = graph.StopGradient(optim.GlobalNorm(dWVirtual))
	r := graph.Div(graph.Scalar(g, dWVirtual[0].DType(), 0.01), p.VNorm)
	r = graph.StopGradient(r)
	deltas := make([]*graph.Node, len(w)) // R·∇w′, built once for both offsets
	for i := range w {
		deltas[i] = graph.StopGradient(graph.Mul(r, dWVirtual[i]))
	}
	offset := func(sign float64) []*graph.Node {
		out := make([]*graph.Node, len(w))
		for i := range w {
			out[i] = graph.Add(w[i], graph.MulScalar(deltas[i], sign))
		}
		return out
	}
	withBNStats(ctx, g, c.ArchStepBNStats)
	setWeights(offset(+1))
	_, _, gradPlus := lossAndGrads(ctx, loss, train, arch)
	setWeights(offset(-1))
	_, _, gradMinus := lossAndGrads(ctx, loss, train, arch)
	setWeights(w) // back to the real weights: the α step does not change them

	xi := graph.ConvertDType(lr, dAlpha[0].DType())
	if clipCoef != nil {
		xi = graph.Mul(xi, graph.ConvertDType(clipCoef, xi.DType()))
	}
	twoR := graph.MulScalar(r, 2)
	p.Unrolled, p.Xi, p.Radius = dAlpha, xi, r
	for i := range arch {
		hvp := graph.Div(graph.Sub(gradPlus[i], gradMinus[i]), twoR)
		implicit := graph.Neg(graph.Mul(xi, hvp))
		p.Implicit = append(p.Implicit, implicit)
		p.Grads = append(p.Grads, graph.Add(dAlpha[i], implicit))
	}
	return p
}
