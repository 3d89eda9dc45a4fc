package ops

import (
	"slices"

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
// batch norms per channel), and each edge keeps its own variables, under the same names as the
// single-edge operations (ctxs[e] is edge e's context for the operation), so the weights, their
// initialisation and checkpoints are the same. The arithmetic is that of the single-edge ops;
// only the number of graph nodes (and kernel launches) changes: about E times fewer.

// StackedSepConv is SepConv (Table's sep_conv_k) of len(ctxs) edges on the ReLU'd stacked
// input relu, c channels per edge.
func StackedSepConv(ctxs []*context.Context, relu *graph.Node, k, stride int) *graph.Node {
	pad := (k - 1) / 2
	x := stackedDepthwise(in(ctxs, "dw_1"), relu, k, stride, pad, 1)
	x = stackedPointwise(in(ctxs, "pw_1"), x, 1)
	x = StackedBatchNorm(in(ctxs, "bn_1"), x)
	x = stackedDepthwise(in(ctxs, "dw_2"), ReLU(x), k, 1, pad, 1)
	x = stackedPointwise(in(ctxs, "pw_2"), x, 1)
	return StackedBatchNorm(in(ctxs, "bn_2"), x)
}

// StackedDilConv is DilConv (dil_conv_k) of the edges on the ReLU'd stacked input.
func StackedDilConv(ctxs []*context.Context, relu *graph.Node, k, stride int) *graph.Node {
	x := stackedDepthwise(in(ctxs, "dw"), relu, k, stride, k-1, 2)
	x = stackedPointwise(in(ctxs, "pw"), x, 1)
	return StackedBatchNorm(ctxs, x)
}

// StackedFactorizedReduce is skip_connect at stride 2 (FactorizedReduce) of the edges on the
// ReLU'd stacked input: each edge's two halves are concatenated per edge.
func StackedFactorizedReduce(ctxs []*context.Context, relu *graph.Node) *graph.Node {
	edges := len(ctxs)
	dims := relu.Shape().Dimensions
	c := dims[3] / edges
	shifted := graph.Slice(relu, graph.AxisRange(), graph.AxisRange(1), graph.AxisRange(1), graph.AxisRange())
	a := stackedPointwiseTo(in(ctxs, "conv_1"), relu, c/2, 2)
	b := stackedPointwiseTo(in(ctxs, "conv_2"), shifted, c/2, 2)
	od := a.Shape().Dimensions
	both := graph.Concatenate([]*graph.Node{
		graph.Reshape(a, od[0], od[1], od[2], edges, c/2), graph.Reshape(b, od[0], od[1], od[2], edges, c/2)}, 4)
	return StackedBatchNorm(ctxs, graph.Reshape(both, od[0], od[1], od[2], edges*c))
}

// StackedPool is max_pool_3x3 or avg_pool_3x3 followed by the non-affine batch norm the search
// cell adds after pools, on the stacked (not ReLU'd) input.
func StackedPool(ctxs []*context.Context, x *graph.Node, max bool, stride int) *graph.Node {
	if max {
		x = nn.MaxPool2D(x, 3, stride, 1)
	} else {
		x = nn.AvgPool2D(x, 3, stride, 1)
	}
	return StackedBatchNorm(ctxs, x)
}

// StackedBatchNorm is the non-affine BatchNorm of each edge's channel block: one batch norm over
// all channels (its statistics are per channel anyway); the running statistics stay per edge.
func StackedBatchNorm(ctxs []*context.Context, x *graph.Node) *graph.Node {
	if x.DType() != DType {
		return Compute(StackedBatchNorm(ctxs, Compute(x, DType)), x.DType())
	}
	g := x.Graph()
	c := x.Shape().Dimensions[3] / len(ctxs)
	means := make([]*context.Variable, len(ctxs))
	vars := make([]*context.Variable, len(ctxs))
	for e, ctx := range ctxs {
		ctx = ctx.In("batchnorm")
		means[e] = ctx.WithInitializer(initializers.Zero).VariableWithShape("running_mean", shapes.Make(DType, c)).SetTrainable(false)
		vars[e] = ctx.WithInitializer(initializers.One).VariableWithShape("running_var", shapes.Make(DType, c)).SetTrainable(false)
	}
	ctx := ctxs[0]
	if !ctx.IsTraining(g) {
		return nn.BatchNormInfer(x, concatValues(g, means), concatValues(g, vars), nil, nil, BatchNormEpsilon)
	}
	y, mean, variance := nn.BatchNormTrain(x, nil, nil, BatchNormEpsilon)
	if context.GetGraphParamOr(ctx, g, darts.ParamUpdateBatchNormStats, true) {
		m := graph.Scalar(g, DType, BatchNormMomentum)
		keep := graph.Scalar(g, DType, 1-BatchNormMomentum)
		for _, stat := range []struct {
			vars  []*context.Variable
			batch *graph.Node
		}{{means, mean}, {vars, variance}} {
			updated := graph.Add(graph.Mul(keep, concatValues(g, stat.vars)), graph.Mul(m, stat.batch)) // gradient-stopped by nn.BatchNormTrain
			for e, v := range stat.vars {
				v.SetValueGraph(blockOf(updated, e, c))
			}
		}
	}
	return y
}

// stackedDepthwise is DepthwiseConv of the edges: one depthwise convolution over all channels with
// the edges' kernels concatenated.
func stackedDepthwise(ctxs []*context.Context, x *graph.Node, k, stride, padding, dilation int) *graph.Node {
	c := x.Shape().Dimensions[3] / len(ctxs)
	w := stackWeights(ctxs, x, func(ctx *context.Context) *context.Variable { return uniformVariable(ctx, "weights", k*k, k, k, 1, c) })
	return nn.DepthwiseConv2D(x, w, stride, dilation, padding)
}

// stackedPointwise is the 1×1 Conv (same channels in and out) of the edges: one grouped
// convolution.
func stackedPointwise(ctxs []*context.Context, x *graph.Node, stride int) *graph.Node {
	return stackedPointwiseTo(ctxs, x, x.Shape().Dimensions[3]/len(ctxs), stride)
}

func stackedPointwiseTo(ctxs []*context.Context, x *graph.Node, cOut, stride int) *graph.Node {
	cIn := x.Shape().Dimensions[3] / len(ctxs)
	w := stackWeights(ctxs, x, func(ctx *context.Context) *context.Variable {
		return uniformVariable(ctx, "weights", cIn, 1, 1, cIn, cOut)
	})
	return nn.GroupedPointwise(x, w, len(ctxs), stride)
}

// in is ctx.In(scope) of every edge.
func in(ctxs []*context.Context, scope string) []*context.Context {
	out := make([]*context.Context, len(ctxs))
	for i, ctx := range ctxs {
		out[i] = ctx.In(scope)
	}
	return out
}

// stackWeights concatenates each edge's weight (its variable from weight), in x's dtype, on the
// last axis. In the parameters' dtype the concatenation is recorded as a darts.WeightStack, so
// that the optimiser updates it as one tensor.
func stackWeights(ctxs []*context.Context, x *graph.Node, weight func(*context.Context) *context.Variable) *graph.Node {
	vars := make([]*context.Variable, len(ctxs))
	parts := make([]*graph.Node, len(ctxs))
	for i, ctx := range ctxs {
		vars[i] = weight(ctx)
		parts[i] = Compute(vars[i].ValueGraph(x.Graph()), x.DType())
	}
	if len(parts) == 1 {
		return parts[0]
	}
	if x.DType() == DType {
		if src, ok := darts.JoinedSplit(parts); ok {
			darts.RecordWeightStack(vars, src) // the weights were split from one tensor: use it
			return src
		}
	}
	if x.DType() == DType {
		// Another forward pass of the graph with the same weights: the same concatenation.
		if st, ok := darts.LastStack(x.Graph(), vars[0]); ok && slices.Equal(st.Value.Inputs(), parts) &&
			st.Value.Type() == graph.NodeTypeConcatenate {
			return st.Value
		}
	}
	stacked := graph.Concatenate(parts, -1)
	if x.DType() == DType {
		darts.RecordWeightStack(vars, stacked)
	}
	return stacked
}

// concatValues concatenates variables' graph values ([C] each).
func concatValues(g *graph.Graph, vars []*context.Variable) *graph.Node {
	parts := make([]*graph.Node, len(vars))
	for i, v := range vars {
		parts[i] = v.ValueGraph(g)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return graph.Concatenate(parts, 0)
}

// blockOf is channels [e·c, (e+1)·c) of a [E·c] vector.
func blockOf(v *graph.Node, e, c int) *graph.Node {
	if v.Shape().Dimensions[0] == c {
		return v
	}
	return graph.Slice(v, graph.AxisRange(e*c, (e+1)*c))
}
