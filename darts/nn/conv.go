package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
	timage "github.com/gomlx/gomlx/pkg/core/tensors/images"
)

// Conv2D is PyTorch's conv2d(x, w, stride, padding, dilation) without bias: x is NHWC, w is HWIO
// ([kh, kw, Cin, Cout]), and padding pixels of zeros are added on every side of both spatial axes.
// The output is [N, (H+2p-d(kh-1)-1)/s+1, (W+2p-d(kw-1)-1)/s+1, Cout].
//
// Its gradient is GoMLX's where that is right, and conv2DOwnGradient's where it is not: GoMLX v0.26
// builds the input gradient as a transposed convolution padded as if the kernel were centred at
// (K−1)/2, which for a kernel of even dilated extent (the 2×2 convolution of the auxiliary heads)
// shifts it one pixel up-left and leaves the last row and column zero. Odd extents keep GoMLX's
// graph, for which the backends have fast paths (e.g. darts-cpu's 1×1 filter-gradient GEMM).
// Two cases GoMLX cannot differentiate at all also take our own path (DARTS uses neither in a
// dense convolution): stride > 1 with dilation > 1 (graph.Convolve refuses it), and a padding
// beyond the dilated kernel's reach (GoMLX panics building the gradient).
func Conv2D(x, w *graph.Node, stride, dilation, padding int) *graph.Node {
	checkConvArgs("Conv2D", x, w, stride, dilation, padding)
	if x.Shape().Dimensions[3] != w.Shape().Dimensions[2] {
		panic(fmt.Sprintf("nn.Conv2D: x has %d channels but the kernel %s expects %d",
			x.Shape().Dimensions[3], w.Shape(), w.Shape().Dimensions[2]))
	}
	if gomlxConvGradientIsShifted(w.Shape().Dimensions, dilation) || (stride > 1 && dilation > 1) ||
		padding > dilation*(min(w.Shape().Dimensions[0], w.Shape().Dimensions[1])-1) {
		return conv2DOwnGradient(x, w, convGeometry{stride: stride, dilation: dilation, padding: padding})
	}
	// Every setting is spelled out, so no backend default (e.g. nil strides) is relied upon.
	// InputDilationPerAxis is the one left unset: GoMLX refuses to differentiate a convolution
	// that has input dilations at all, even all-ones ones.
	return graph.Convolve(x, w).
		ChannelsAxis(timage.ChannelsLast).
		StridePerAxis(stride, stride).
		DilationPerAxis(dilation, dilation).
		PaddingPerDim([][2]int{{padding, padding}, {padding, padding}}).
		ChannelGroupCount(1).
		BatchGroupCount(1).
		Done()
}

// gomlxConvGradientIsShifted reports whether GoMLX v0.26's input gradient of a convolution with an
// HWIO kernel of these dimensions is wrong: when the dilated extent d·(K−1)+1 of a spatial axis is
// even. TestGoMLXEvenKernelGradientIsStillShifted tells us when an upgrade fixes it upstream.
func gomlxConvGradientIsShifted(kernelDims []int, dilation int) bool {
	for axis := 0; axis < 2; axis++ {
		if (dilation*(kernelDims[axis]-1)+1)%2 == 0 {
			return true
		}
	}
	return false
}

// checkConvArgs panics with a clear message on arguments PyTorch would also reject.
func checkConvArgs(op string, x, w *graph.Node, stride, dilation, padding int) {
	if x.Rank() != 4 || w.Rank() != 4 {
		panic(fmt.Sprintf("nn.%s: want a rank-4 NHWC input and a rank-4 HWIO kernel, got %s and %s",
			op, x.Shape(), w.Shape()))
	}
	if stride < 1 || dilation < 1 || padding < 0 {
		panic(fmt.Sprintf("nn.%s: want stride ≥ 1, dilation ≥ 1 and padding ≥ 0, got %d, %d and %d",
			op, stride, dilation, padding))
	}
	if x.DType() != w.DType() {
		panic(fmt.Sprintf("nn.%s: input is %s but kernel is %s", op, x.DType(), w.DType()))
	}
	for axis := 0; axis < 2; axis++ {
		extent := dilation*(w.Shape().Dimensions[axis]-1) + 1
		if x.Shape().Dimensions[axis+1]+2*padding < extent {
			panic(fmt.Sprintf("nn.%s: the dilated kernel (%d wide) is larger than the padded input %s (padding %d)",
				op, extent, x.Shape(), padding))
		}
	}
}

// convOutputSize is the PyTorch output length of a convolution (or pooling) along one axis.
func convOutputSize(inSize, kernel, stride, dilation, padding int) int {
	return (inSize+2*padding-dilation*(kernel-1)-1)/stride + 1
}
