package bench

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The sizes of the issue, which are those of a DARTS search on CIFAR-10: batch 16, 32×32
// images, C=16 channels.
const (
	batchSize = 16
	imageSize = 32
	channels  = 16
)

// layerFn applies one op to x, creating its weights (if any) in ctx.
type layerFn func(ctx *context.Context, x *graph.Node) *graph.Node

// opSpec is one row of the table.
type opSpec struct {
	name string
	// layer is the op timed forward+backward; nil for the cell step, which builds its own graph.
	layer layerFn
	// step builds the whole timed graph from ctx variables; set for the cell step only.
	step func(ctx *context.Context, g *graph.Graph) []*graph.Node
	// outDims is the op's output shape, checked by the tests.
	outDims []int
	// flops counts the convolutions' work in one call (0: not a convolution op).
	flops float64
	// depthwise marks ops whose stock timing computes wrong filter gradients (see footnotes).
	depthwise bool
	// slowStock marks the op whose stock timing takes minutes, timed only with StockCell.
	slowStock bool
}

// convFlops is the work of one convolution in a forward+backward call: N·Ho·Wo·Cout·Cin·k²
// multiply-adds (Cin per group), ×2 flops, ×3 for the forward pass, the input gradient and the
// filter gradient, which each do as many. Taps on padding are counted, as is usual.
func convFlops(outSize, cinPerGroup, cout, k int) float64 {
	return 3 * 2 * float64(batchSize*outSize*outSize*cout*cinPerGroup*k*k)
}

// imageDims is the shape of a batch of NHWC images with c channels and the given side.
func imageDims(side, c int) []int { return []int{batchSize, side, side, c} }

// allOps lists the table's rows in order.
func allOps() []opSpec {
	var specs []opSpec
	for _, k := range []int{1, 3, 5} {
		specs = append(specs, denseConv(k, 1))
	}
	specs = append(specs, denseConv(3, 2))
	for _, k := range []int{3, 5} {
		for _, d := range []int{1, 2} {
			specs = append(specs, depthwiseConv(k, d))
		}
	}
	for _, stride := range []int{1, 2} {
		specs = append(specs, pool("max", stride), pool("avg", stride))
	}
	half := imageSize / 2
	specs = append(specs,
		opSpec{name: "factorized_reduce", layer: func(ctx *context.Context, x *graph.Node) *graph.Node {
			return ops.FactorizedReduce(ctx, x, channels, false)
		}, outDims: imageDims(half, channels), flops: 2 * convFlops(half, channels, channels/2, 1)},
		opSpec{name: "batch_norm_train", layer: func(ctx *context.Context, x *graph.Node) *graph.Node {
			return ops.BatchNorm(ctx, x, true)
		}, outDims: imageDims(imageSize, channels)},
		opSpec{name: "sep_conv_3x3", layer: func(ctx *context.Context, x *graph.Node) *graph.Node {
			return ops.Table["sep_conv_3x3"](ctx, x, channels, 1, false)
		}, outDims: imageDims(imageSize, channels), depthwise: true,
			flops: 2 * (convFlops(imageSize, 1, channels, 3) + convFlops(imageSize, channels, channels, 1))},
		cellStepSpec(),
	)
	return specs
}

// denseConv is a bias-free k×k convolution C→C with "same" padding.
func denseConv(k, stride int) opSpec {
	name := fmt.Sprintf("conv_%dx%d", k, k)
	if stride > 1 {
		name += fmt.Sprintf("_s%d", stride)
	}
	out := imageSize / stride
	return opSpec{name: name, layer: func(ctx *context.Context, x *graph.Node) *graph.Node {
		return ops.Conv(ctx, x, channels, k, stride, (k-1)/2, 1)
	}, outDims: imageDims(out, channels), flops: convFlops(out, channels, channels, k)}
}

// depthwiseConv is a k×k depthwise convolution with dilation d and "same" padding, as in
// sep_conv (d=1) and dil_conv (d=2).
func depthwiseConv(k, d int) opSpec {
	return opSpec{name: fmt.Sprintf("dw_conv_%dx%d_d%d", k, k, d),
		layer: func(ctx *context.Context, x *graph.Node) *graph.Node {
			return ops.DepthwiseConv(ctx, x, k, 1, d*(k-1)/2, d)
		}, outDims: imageDims(imageSize, channels), flops: convFlops(imageSize, 1, channels, k), depthwise: true}
}

// pool is a 3×3 max or average pool with padding 1.
func pool(kind string, stride int) opSpec {
	name := kind + "_pool_3x3"
	if stride > 1 {
		name += fmt.Sprintf("_s%d", stride)
	}
	f := nn.MaxPool2D
	if kind == "avg" {
		f = nn.AvgPool2D
	}
	return opSpec{name: name, layer: func(ctx *context.Context, x *graph.Node) *graph.Node {
		return f(x, 3, stride, 1)
	}, outDims: imageDims(imageSize/stride, channels)}
}

// OpNames lists the ops OpTable measures, in table order.
func OpNames() []string {
	var names []string
	for _, s := range allOps() {
		names = append(names, s.name)
	}
	return names
}

// selectOps returns the specs named in only (all when only is nil), in table order, or an error
// naming an unknown op.
func selectOps(only []string) ([]opSpec, error) {
	specs := allOps()
	if only == nil {
		return specs, nil
	}
	known := OpNames()
	for _, name := range only {
		if !slices.Contains(known, name) {
			return nil, fmt.Errorf("bench: unknown op %q (known: %v)", name, known)
		}
	}
	return slices.DeleteFunc(specs, func(s opSpec) bool { return !slices.Contains(only, s.name) }), nil
}
