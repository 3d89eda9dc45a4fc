package architect

import (
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// unrolledArchGrads computes the second-order α gradient of eq. 7–8 (see the package doc).
func (c Config) unrolledArchGrads(ctx *context.Context, loss LossFn, train, val []*graph.Node, lr *graph.Node,
	arch, weights []*context.Variable) (valLoss *graph.Node, valExtras, archGrads []*graph.Node) {
	g := lr.Graph()
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
	_, _, trainGrads := lossAndGrads(ctx, loss, train, weights)
	var clipCoef *graph.Node // ClipUnrolled: GradClip/(‖∇w L_train‖+1e-6)
	if c.ClipUnrolled {
		norm := graph.StopGradient(optim.GlobalNorm(trainGrads))
		clipCoef = graph.Div(graph.Scalar(g, norm.DType(), c.GradClip), graph.AddScalar(norm, 1e-6))
		trainGrads, _ = optim.ClipByGlobalNorm(trainGrads, c.GradClip)
	}
	wVirtual := make([]*graph.Node, len(w))
	for i, v := range weights {
		d := graph.Add(trainGrads[i], graph.MulScalar(w[i], c.WeightOpt.WeightDecay))
		if c.WeightOpt.Momentum != 0 {
			buf := c.WeightOpt.MomentumBuffer(ctx, v, g)
			d = graph.Add(d, graph.MulScalar(buf, c.WeightOpt.Momentum))
		}
		step := graph.Mul(graph.ConvertDType(lr, w[i].DType()), d)
		wVirtual[i] = graph.Sub(w[i], graph.StopGradient(step))
	}

	// ∇α and ∇w′ of L_val(w′, α).
	setWeights(wVirtual)
	all := append(append([]*context.Variable{}, arch...), weights...)
	valLoss, valExtras, grads := lossAndGrads(ctx, loss, val, all)
	dAlpha, dWVirtual := grads[:len(arch)], grads[len(arch):]
	if c.ClipUnrolled {
		dWVirtual, _ = optim.ClipByGlobalNorm(dWVirtual, c.GradClip)
	}

	// Finite-difference Hessian-vector product with R = 0.01/‖∇w′ L_val‖.
	r := graph.Div(graph.Scalar(g, dWVirtual[0].DType(), 0.01), optim.GlobalNorm(dWVirtual))
	r = graph.StopGradient(r)
	offset := func(sign float64) []*graph.Node {
		out := make([]*graph.Node, len(w))
		for i := range w {
			delta := graph.StopGradient(graph.Mul(r, dWVirtual[i]))
			out[i] = graph.Add(w[i], graph.MulScalar(delta, sign))
		}
		return out
	}
	setWeights(offset(+1))
	_, _, gradPlus := lossAndGrads(ctx, loss, train, arch)
	setWeights(offset(-1))
	_, _, gradMinus := lossAndGrads(ctx, loss, train, arch)
	setWeights(w) // back to the real weights: the variables are not changed by the α step

	archGrads = make([]*graph.Node, len(arch))
	xi := graph.ConvertDType(lr, dAlpha[0].DType())
	if clipCoef != nil {
		xi = graph.Mul(xi, graph.ConvertDType(clipCoef, xi.DType()))
	}
	twoR := graph.MulScalar(r, 2)
	for i := range arch {
		implicit := graph.Div(graph.Sub(gradPlus[i], gradMinus[i]), twoR)
		archGrads[i] = graph.Sub(dAlpha[i], graph.Mul(xi, implicit))
	}
	return valLoss, valExtras, archGrads
}
