package ops

import (
	"fmt"
	"sort"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Primitives is the convolutional search space, in the reference's order (α columns follow it):
// genotype.CNNPrimitives, so the builders and the derivation can never disagree on a column.
var Primitives = genotype.CNNPrimitives

// Builder applies one candidate operation to x (NHWC), producing c channels; stride 2 halves the
// spatial size. affine says whether its batch norms have learnable scale and shift.
type Builder func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node

// Table maps every operation name of the reference's op table to its builder: the searched
// primitives plus sep_conv_7x7 and conv_7x1_1x7, used by cells from other papers.
var Table = map[string]Builder{
	"none": func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		return Zero(x, stride)
	},
	"max_pool_3x3": func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		return nn.MaxPool2D(x, 3, stride, 1)
	},
	"avg_pool_3x3": func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		return nn.AvgPool2D(x, 3, stride, 1)
	},
	"skip_connect": func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		if stride == 1 {
			return x
		}
		return FactorizedReduce(ctx, x, c, affine)
	},
	"sep_conv_3x3": sepConv(3), "sep_conv_5x5": sepConv(5), "sep_conv_7x7": sepConv(7),
	"dil_conv_3x3": dilConv(3), "dil_conv_5x5": dilConv(5),
	"conv_7x1_1x7": func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		x = ReLU(x)
		x = convRect(ctx.In("conv_1x7"), x, c, 1, 7, 1, stride)
		x = convRect(ctx.In("conv_7x1"), x, c, 7, 1, stride, 1)
		return BatchNorm(ctx, x, affine)
	},
}

// Names lists the operations of Table, sorted.
func Names() []string {
	names := make([]string, 0, len(Table))
	for n := range Table {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the builder of an operation, or an error listing the known ones.
func Lookup(name string) (Builder, error) {
	b, ok := Table[name]
	if !ok {
		return nil, fmt.Errorf("ops: unknown operation %q (known: %v)", name, Names())
	}
	return b, nil
}

// Zero is the "none" operation: zeros shaped like x, subsampled by stride.
func Zero(x *graph.Node, stride int) *graph.Node {
	if stride > 1 {
		x = graph.Slice(x, graph.AxisRange(), graph.AxisRange().Stride(stride), graph.AxisRange().Stride(stride))
	}
	return graph.ZerosLike(x)
}

// ReLUConvBN is ReLU, a k×k convolution to c channels, then batch norm.
func ReLUConvBN(ctx *context.Context, x *graph.Node, c, k, stride, padding int, affine bool) *graph.Node {
	x = Conv(ctx.In("conv"), ReLU(x), c, k, stride, padding, 1)
	return BatchNorm(ctx, x, affine)
}

// FactorizedReduce halves the spatial size with two 1×1 stride-2 convolutions, the second on the
// input shifted by one pixel, concatenated to c channels, then batch norm.
func FactorizedReduce(ctx *context.Context, x *graph.Node, c int, affine bool) *graph.Node {
	return FactorizedReduceOnReLU(ctx, ReLU(x), c, affine)
}

// FactorizedReduceOnReLU is FactorizedReduce on its input's ReLU (what skip_connect at stride 2
// is; a search cell passes the ReLU it shares between the edges leaving a state).
func FactorizedReduceOnReLU(ctx *context.Context, relu *graph.Node, c int, affine bool) *graph.Node {
	if c%2 != 0 {
		panic(fmt.Sprintf("ops.FactorizedReduce: output channels %d must be even", c))
	}
	cIn := relu.Shape().Dimensions[3]
	w1 := uniformWeight(ctx.In("conv_1"), relu, "weights", cIn, 1, 1, cIn, c/2)
	w2 := uniformWeight(ctx.In("conv_2"), relu, "weights", cIn, 1, 1, cIn, c/2)
	return BatchNorm(ctx, nn.FactorizedReduceOnReLU(relu, w1, w2), affine)
}

// sepConv is the reference's SepConv: (ReLU, depthwise k×k, pointwise 1×1, BN) twice, the first
// depthwise with the stride.
func sepConv(k int) Builder { return withReLU(sepConvOnReLU(k)) }

// sepConvOnReLU is sepConv on its input's ReLU.
func sepConvOnReLU(k int) Builder {
	return func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		pad := (k - 1) / 2
		cIn := x.Shape().Dimensions[3]
		x = DepthwiseConv(ctx.In("dw_1"), x, k, stride, pad, 1)
		x = Conv(ctx.In("pw_1"), x, cIn, 1, 1, 0, 1)
		x = BatchNorm(ctx.In("bn_1"), x, affine)
		x = DepthwiseConv(ctx.In("dw_2"), ReLU(x), k, 1, pad, 1)
		x = Conv(ctx.In("pw_2"), x, c, 1, 1, 0, 1)
		return BatchNorm(ctx.In("bn_2"), x, affine)
	}
}

// dilConv is the reference's DilConv: ReLU, depthwise k×k with dilation 2, pointwise 1×1, BN.
func dilConv(k int) Builder { return withReLU(dilConvOnReLU(k)) }

// dilConvOnReLU is dilConv on its input's ReLU.
func dilConvOnReLU(k int) Builder {
	return func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		x = DepthwiseConv(ctx.In("dw"), x, k, stride, k-1, 2)
		x = Conv(ctx.In("pw"), x, c, 1, 1, 0, 1)
		return BatchNorm(ctx, x, affine)
	}
}

// withReLU is on applied to its input's ReLU.
func withReLU(on Builder) Builder {
	return func(ctx *context.Context, x *graph.Node, c, stride int, affine bool) *graph.Node {
		return on(ctx, ReLU(x), c, stride, affine)
	}
}

// onReLU holds the operations that begin with ReLU(x) and use x nowhere else, built on that
// ReLU: a search cell, whose edges from one state run several of them on the same input,
// applies it once for all of them (and its backward once, on the sum of their gradients).
var onReLU = map[string]Builder{
	"sep_conv_3x3": sepConvOnReLU(3), "sep_conv_5x5": sepConvOnReLU(5), "sep_conv_7x7": sepConvOnReLU(7),
	"dil_conv_3x3": dilConvOnReLU(3), "dil_conv_5x5": dilConvOnReLU(5),
}

// OnReLU returns, for an operation that begins with ReLU(x) and uses x nowhere else, its builder
// on that ReLU (Lookup(name) applied to x equals OnReLU(name) applied to ReLU(x)).
func OnReLU(name string) (Builder, bool) {
	b, ok := onReLU[name]
	return b, ok
}

// OnReLUAt is OnReLU for an operation at a stride: skip_connect has one at stride 2, where it is
// FactorizedReduce (at stride 1 it is x itself).
func OnReLUAt(name string, stride int) (Builder, bool) {
	if name == "skip_connect" && stride == 2 {
		return func(ctx *context.Context, relu *graph.Node, c, _ int, affine bool) *graph.Node {
			return FactorizedReduceOnReLU(ctx, relu, c, affine)
		}, true
	}
	return OnReLU(name)
}

// convRect is a bias-free kh×kw convolution with "same" padding and per-axis strides.
func convRect(ctx *context.Context, x *graph.Node, c, kh, kw, strideH, strideW int) *graph.Node {
	cIn := x.Shape().Dimensions[3]
	w := uniformWeight(ctx, x, "weights", cIn*kh*kw, kh, kw, cIn, c)
	return graph.Convolve(x, w).StridePerAxis(strideH, strideW).
		PaddingPerDim([][2]int{{(kh - 1) / 2, (kh - 1) / 2}, {(kw - 1) / 2, (kw - 1) / 2}}).Done()
}
