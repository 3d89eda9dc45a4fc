package ops

import (
	"strings"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
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

// Each stacked operation below stops before its last batch norm (the one FinalBatchNormScope
// names) and returns that batch norm's input: the batched search cell normalises the outputs of
// all its primitives with one batch norm, with their running statistics stacked in one variable.

// StackedSepConv is SepConv (Table's sep_conv_k) of edges edges on the ReLU'd stacked input relu,
// up to its last batch norm.
func StackedSepConv(ctx *context.Context, edges int, relu *graph.Node, k, stride int) *graph.Node {
	pad := (k - 1) / 2
	x := DepthwiseConv(ctx.In("dw_1"), relu, k, stride, pad, 1)
	x = stackedPointwise(ctx.In("pw_1"), edges, x, 1)
	x = StackedBatchNorm(ctx.In("bn_1"), x)
	x = DepthwiseConv(ctx.In("dw_2"), ReLU(x), k, 1, pad, 1)
	return stackedPointwise(ctx.In("pw_2"), edges, x, 1)
}

// StackedDilConv is DilConv (dil_conv_k) of the edges on the ReLU'd stacked input, up to its
// batch norm.
func StackedDilConv(ctx *context.Context, edges int, relu *graph.Node, k, stride int) *graph.Node {
	x := DepthwiseConv(ctx.In("dw"), relu, k, stride, k-1, 2)
	return stackedPointwise(ctx.In("pw"), edges, x, 1)
}

// StackedFactorizedReduce is skip_connect at stride 2 (FactorizedReduce) of the edges on the
// ReLU'd stacked input, up to its batch norm: each edge's two halves are concatenated per edge.
func StackedFactorizedReduce(ctx *context.Context, edges int, relu *graph.Node) *graph.Node {
	dims := relu.Shape().Dimensions
	c := dims[3] / edges
	shifted := graph.Slice(relu, graph.AxisRange(), graph.AxisRange(1), graph.AxisRange(1), graph.AxisRange())
	a := stackedPointwiseTo(ctx.In("conv_1"), edges, relu, c/2, 2)
	b := stackedPointwiseTo(ctx.In("conv_2"), edges, shifted, c/2, 2)
	od := a.Shape().Dimensions
	both := graph.Concatenate([]*graph.Node{
		graph.Reshape(a, od[0], od[1], od[2], edges, c/2), graph.Reshape(b, od[0], od[1], od[2], edges, c/2)}, 4)
	return graph.Reshape(both, od[0], od[1], od[2], edges*c)
}

// StackedPool is max_pool_3x3 or avg_pool_3x3, to be followed by the non-affine batch norm the
// search cell adds after pools, on the stacked (not ReLU'd) input.
func StackedPool(x *graph.Node, max bool, stride int) *graph.Node {
	if max {
		return nn.MaxPool2D(x, 3, stride, 1)
	}
	return nn.AvgPool2D(x, 3, stride, 1)
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

// FinalBatchNormScope is the scope, below an operation's own, of the last batch norm of a
// search-cell primitive as Table builds it and the search cell adds it (after pools), "" for the
// operation's scope itself, and false for primitives without one (none; skip_connect at
// stride 1). The batched cell's stacked variables take the primitives' last batch norms
// together by these scopes.
func FinalBatchNormScope(primitive string, stride int) (string, bool) {
	switch {
	case primitive == "none", primitive == "skip_connect" && stride == 1:
		return "", false
	case strings.HasPrefix(primitive, "sep_conv_"):
		return "bn_2", true
	}
	return "", true
}
