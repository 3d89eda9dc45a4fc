package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// DepthwiseConv2D is PyTorch's conv2d with groups = channels and a channel multiplier of 1: each
// channel of the NHWC input x is convolved with its own kh×kw filter, w[:, :, 0, c], with the
// given stride, dilation and symmetric zero padding. w is shaped [kh, kw, 1, C].
//
// Unlike Conv2D, stride and dilation may both exceed 1 (DARTS's dil_conv in reduction cells uses
// stride 2 with dilation 2), and padding may be at most the dilated kernel's extent minus one.
//
// Its gradient is hand-written (see depthwiseBackward): GoMLX differentiates a grouped
// convolution by splitting it into one convolution per channel, which is very slow. On XLA the
// gradient is registered on the convolution node (depthwise_vjp.go), elsewhere it comes through
// CustomVJP.
func DepthwiseConv2D(x, w *graph.Node, stride, dilation, padding int) *graph.Node {
	checkConvArgs("DepthwiseConv2D", x, w, stride, dilation, padding)
	channels := x.Shape().Dimensions[3]
	kernelDims := w.Shape().Dimensions
	if kernelDims[2] != 1 || kernelDims[3] != channels {
		panic(fmt.Sprintf("nn.DepthwiseConv2D: want a [kh, kw, 1, %d] kernel for %s, got %s",
			channels, x.Shape(), w.Shape()))
	}
	for axis := 0; axis < 2; axis++ {
		if padding > dilation*(kernelDims[axis]-1) {
			// The input gradient would need negative (cropping) padding; DARTS never pads that much.
			panic(fmt.Sprintf("nn.DepthwiseConv2D: padding %d exceeds the dilated kernel's reach %d",
				padding, dilation*(kernelDims[axis]-1)))
		}
	}
	geometry := depthwiseGeometry{stride: stride, dilation: dilation, padding: padding}
	if onXLA(x) {
		return depthwiseWithRegisteredVJP(geometry, x, w)
	}
	return CustomVJP([]*graph.Node{x, w},
		func(in []*graph.Node) *graph.Node { return geometry.forward(in[0], in[1]) },
		func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
			return []*graph.Node{geometry.inputGradient(in[0], in[1], v), geometry.kernelGradient(in[0], in[1], v)}
		})
}

// depthwiseGeometry is the stride, dilation and padding shared by both spatial axes.
type depthwiseGeometry struct {
	stride, dilation, padding int
}

// nhwcAxes is the layout of images (NHWC) and kernels (HWIO) throughout this package.
var nhwcAxes = backends.ConvolveAxesConfig{
	InputBatch: 0, InputSpatial: []int{1, 2}, InputChannels: 3,
	KernelSpatial: []int{0, 1}, KernelInputChannels: 2, KernelOutputChannels: 3,
	OutputBatch: 0, OutputSpatial: []int{1, 2}, OutputChannels: 3,
}

// forward is the grouped convolution itself. It calls graph.ConvGeneral directly because
// graph.Convolve refuses stride and dilation together.
func (geo depthwiseGeometry) forward(x, w *graph.Node) *graph.Node {
	s, d, p := geo.stride, geo.dilation, geo.padding
	return graph.ConvGeneral(x, w, nhwcAxes,
		[]int{s, s}, [][2]int{{p, p}, {p, p}}, []int{1, 1}, []int{d, d},
		x.Shape().Dimensions[3], 1)
}
