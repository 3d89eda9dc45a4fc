package ops

import (
	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Stacked operations: one operation of several DARTS edges at once. The edges' inputs are
// concatenated on the channel axis ([N, H, W, E·C] for E edges of C channels), every op acts per
// channel block (depthwise convolutions over all E·C channels, pointwise ones grouped by edge,
// batch norms per channel), and the edges' variables are stored stacked: one variable per layer
// for all E edges (ctx is the edges' common context), each the concatenation, on its last axis,
// of the single-edge operation's variable of every edge, under the same names below ctx (a
// depthwise convolution of the stacked channels is DepthwiseConv itself). A weight is then one
// graph parameter, updated as one tensor, with no per-edge slicing or concatenation in the
// graph. The arithmetic is that of the single-edge ops; only the number of graph nodes (and
// kernel launches) changes: about E times fewer. The search package converts the stacked
// variables to and from the per-edge ones (the same values, block by block).

// Each stacked operation below stops before its last batch norm: it returns that batch norm's
// input and context, and the batched search cell normalises the outputs of all its primitives
// with one batch norm (JointBatchNorm).

// StackedSepConv is SepConv (Table's sep_conv_k) of edges edges on the ReLU'd stacked input relu.
func StackedSepConv(ctx *context.Context, edges int, relu *graph.Node, k, stride int) (*graph.Node, *context.Context) {
	pad := (k - 1) / 2
	x := DepthwiseConv(ctx.In("dw_1"), relu, k, stride, pad, 1)
	x = stackedPointwise(ctx.In("pw_1"), edges, x, 1)
	x = StackedBatchNorm(ctx.In("bn_1"), x)
	x = DepthwiseConv(ctx.In("dw_2"), ReLU(x), k, 1, pad, 1)
	return stackedPointwise(ctx.In("pw_2"), edges, x, 1), ctx.In("bn_2")
}

// StackedDilConv is DilConv (dil_conv_k) of the edges on the ReLU'd stacked input.
func StackedDilConv(ctx *context.Context, edges int, relu *graph.Node, k, stride int) (*graph.Node, *context.Context) {
	x := DepthwiseConv(ctx.In("dw"), relu, k, stride, k-1, 2)
	return stackedPointwise(ctx.In("pw"), edges, x, 1), ctx
}

// StackedFactorizedReduce is skip_connect at stride 2 (FactorizedReduce) of the edges on the
// ReLU'd stacked input: each edge's two halves are concatenated per edge.
func StackedFactorizedReduce(ctx *context.Context, edges int, relu *graph.Node) (*graph.Node, *context.Context) {
	dims := relu.Shape().Dimensions
	c := dims[3] / edges
	shifted := graph.Slice(relu, graph.AxisRange(), graph.AxisRange(1), graph.AxisRange(1), graph.AxisRange())
	a := stackedPointwiseTo(ctx.In("conv_1"), edges, relu, c/2, 2)
	b := stackedPointwiseTo(ctx.In("conv_2"), edges, shifted, c/2, 2)
	od := a.Shape().Dimensions
	both := graph.Concatenate([]*graph.Node{
		graph.Reshape(a, od[0], od[1], od[2], edges, c/2), graph.Reshape(b, od[0], od[1], od[2], edges, c/2)}, 4)
	return graph.Reshape(both, od[0], od[1], od[2], edges*c), ctx
}

// StackedPool is max_pool_3x3 or avg_pool_3x3, to be followed by the non-affine batch norm the
// search cell adds after pools, on the stacked (not ReLU'd) input.
func StackedPool(ctx *context.Context, x *graph.Node, max bool, stride int) (*graph.Node, *context.Context) {
	if max {
		return nn.MaxPool2D(x, 3, stride, 1), ctx
	}
	return nn.AvgPool2D(x, 3, stride, 1), ctx
}

// StackedBatchNorm is the non-affine BatchNorm of each edge's channel block: one batch norm over
// all channels, its statistics being per channel anyway; the edges' running statistics are
// stacked ([E·C], like x's channels), so it is BatchNorm itself.
func StackedBatchNorm(ctx *context.Context, x *graph.Node) *graph.Node {
	return BatchNorm(ctx, x, false)
}

// stackedPointwise is the 1×1 Conv (same channels in and out) of the edges: one grouped
// convolution.
func stackedPointwise(ctx *context.Context, edges int, x *graph.Node, stride int) *graph.Node {
	return stackedPointwiseTo(ctx, edges, x, x.Shape().Dimensions[3]/edges, stride)
}

// stackedPointwiseTo is the 1×1 Conv to cOut channels per edge, its kernels stacked
// ([1, 1, Cin, E·cOut], initialised per edge block as Conv's: fan-in Cin).
func stackedPointwiseTo(ctx *context.Context, edges int, x *graph.Node, cOut, stride int) *graph.Node {
	cIn := x.Shape().Dimensions[3] / edges
	w := uniformWeight(ctx, x, "weights", cIn, 1, 1, cIn, edges*cOut)
	return nn.GroupedPointwise(x, w, edges, stride)
}

// JointBatchNorm is the non-affine BatchNorm of each of xs (NHWC, same N, H and W), ctxs[i] the
// context of xs[i]'s running statistics, as one batch norm over their channels concatenated; it
// returns the normalised channels concatenated in the same order. Per channel it is BatchNorm's
// arithmetic; in a graph it is one batch-norm op (and one gradient) instead of len(xs), with the
// running statistics read concatenated and the updates split back per context.
func JointBatchNorm(ctxs []*context.Context, xs []*graph.Node) *graph.Node {
	if len(xs) == 1 {
		return BatchNorm(ctxs[0], xs[0], false)
	}
	x := graph.Concatenate(xs, 3)
	if x.DType() != DType {
		conv := make([]*graph.Node, len(xs))
		for i, xi := range xs {
			conv[i] = Compute(xi, DType)
		}
		return Compute(JointBatchNorm(ctxs, conv), x.DType())
	}
	g := x.Graph()
	means := make([]*context.Variable, len(xs))
	vars := make([]*context.Variable, len(xs))
	sizes := make([]int, len(xs))
	for i, ctx := range ctxs {
		sizes[i] = xs[i].Shape().Dimensions[3]
		ctx = ctx.In("batchnorm")
		means[i] = ctx.WithInitializer(initializers.Zero).VariableWithShape("running_mean", shapes.Make(DType, sizes[i])).SetTrainable(false)
		vars[i] = ctx.WithInitializer(initializers.One).VariableWithShape("running_var", shapes.Make(DType, sizes[i])).SetTrainable(false)
	}
	if !ctxs[0].IsTraining(g) {
		return nn.BatchNormInfer(x, concatValues(g, means), concatValues(g, vars), nil, nil, BatchNormEpsilon)
	}
	y, mean, variance, unbias := nn.BatchNormTrainBiased(x, nil, nil, BatchNormEpsilon)
	if context.GetGraphParamOr(ctxs[0], g, darts.ParamUpdateBatchNormStats, true) {
		keep := graph.Scalar(g, DType, 1-BatchNormMomentum)
		newMean := graph.Add(graph.Mul(keep, concatValues(g, means)), graph.MulScalar(mean, BatchNormMomentum))
		newVar := graph.Add(graph.Mul(keep, concatValues(g, vars)), graph.MulScalar(variance, BatchNormMomentum*unbias))
		from := 0
		for i, size := range sizes {
			means[i].SetValueGraph(graph.Slice(newMean, graph.AxisRange(from, from+size)))
			vars[i].SetValueGraph(graph.Slice(newVar, graph.AxisRange(from, from+size)))
			from += size
		}
	}
	return y
}

// concatValues concatenates [C] variables' graph values.
func concatValues(g *graph.Graph, vars []*context.Variable) *graph.Node {
	parts := make([]*graph.Node, len(vars))
	for i, v := range vars {
		parts[i] = v.ValueGraph(g)
	}
	return graph.Concatenate(parts, 0)
}
