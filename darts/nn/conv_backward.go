package nn

import (
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// convGeometry is a dense (ungrouped) convolution's stride, dilation and symmetric padding, the
// same on both spatial axes, as Conv2D takes them.
type convGeometry struct {
	stride, dilation, padding int
}

// conv2DOwnGradient is Conv2D's forward with the gradients below instead of GoMLX's. Conv2D uses it
// where GoMLX v0.26's input gradient is wrong (see gomlxConvGradientIsShifted); the tests run it
// for every kernel size, so the formulas are checked generically, not just where they are used.
func conv2DOwnGradient(x, w *graph.Node, geo convGeometry) *graph.Node {
	return CustomVJP([]*graph.Node{x, w},
		func(in []*graph.Node) *graph.Node { return geo.forward(in[0], in[1]) },
		func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
			return []*graph.Node{geo.inputGradient(in[0], in[1], v), geo.kernelGradient(in[0], in[1], v)}
		})
}

// forward is the plain convolution, with every setting spelled out (no backend default relied on).
func (geo convGeometry) forward(x, w *graph.Node) *graph.Node {
	s, d, p := geo.stride, geo.dilation, geo.padding
	return graph.ConvGeneral(x, w, nhwcAxes,
		[]int{s, s}, [][2]int{{p, p}, {p, p}}, []int{1, 1}, []int{d, d}, 1, 1)
}

// inputGradient is dL/dx, the transposed convolution of v: per axis y[o] = Σ_k x[o·s + k·d − p]·w[k],
// so dx[i] = Σ_{o,k: o·s+k·d−p = i} v[o]·w[k]. Spreading v out with s−1 zeros between elements
// (input dilation s) gives ṽ[o·s] = v[o], and dx[i] = Σ_k' ṽ[i − lo + k'·d]·w[K−1−k'] with
// lo = (K−1)·d − p: a stride-1 convolution (dilation d) of ṽ padded by lo before, with the spatially
// reversed kernel whose input and output channels swap roles (done by the axes, not a transpose).
// The padding after, hi = H − 1 − (O−1)·s + p, makes the result exactly H long; rows the forward
// pass never read (when (H + 2p − (K−1)·d − 1) is not a multiple of s) get zero gradient.
//
// Nothing here depends on K being odd: GoMLX's own formula centres the kernel at (K−1)/2 and so
// is one pixel off for even extents. A negative lo (p > (K−1)·d) crops, as XLA's padding allows.
func (geo convGeometry) inputGradient(x, w, v *graph.Node) *graph.Node {
	s, d, p := geo.stride, geo.dilation, geo.padding
	paddings := make([][2]int, 2)
	for axis := 0; axis < 2; axis++ {
		k := w.Shape().Dimensions[axis]
		inSize, outSize := x.Shape().Dimensions[axis+1], v.Shape().Dimensions[axis+1]
		paddings[axis] = [2]int{(k-1)*d - p, inSize - 1 - (outSize-1)*s + p}
	}
	transposed := nhwcAxes
	transposed.KernelInputChannels, transposed.KernelOutputChannels = nhwcAxes.KernelOutputChannels, nhwcAxes.KernelInputChannels
	return graph.ConvGeneral(v, reverseSpatialAxes(w, 0, 1), transposed,
		[]int{1, 1}, paddings, []int{s, s}, []int{d, d}, 1, 1)
}

// kernelGradient is dL/dw: dw[k, ci, co] = Σ_{n,o} v[n, o, co]·x[n, o·s + k·d − p, ci] per axis, a
// convolution of x with v as the kernel: x's channel axis acts as the batch and its batch axis as
// the contracted channels (paired with v's batch axis), taps of v are s apart in x (kernel
// dilation s) and consecutive k are d apart (stride d). The output comes out as HWIO directly.
// This is the layout darts-cpu's 1×1 filter-gradient GEMM recognises (see its
// pointwiseFilterGradient). The paddings and the trimming of surplus taps are depthwise's.
func (geo convGeometry) kernelGradient(x, w, v *graph.Node) *graph.Node {
	s, d := geo.stride, geo.dilation
	swapped := backends.ConvolveAxesConfig{
		InputBatch: 3, InputSpatial: []int{1, 2}, InputChannels: 0,
		KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
		OutputBatch: 2, OutputSpatial: []int{0, 1}, OutputChannels: 3,
	}
	paddings := kernelGradientPaddings(x, w, s, d, geo.padding)
	dw := graph.ConvGeneral(x, v, swapped, []int{d, d}, paddings, []int{1, 1}, []int{s, s}, 1, 1)
	kernelDims := w.Shape().Dimensions
	if got := dw.Shape().Dimensions; got[0] != kernelDims[0] || got[1] != kernelDims[1] {
		dw = graph.Slice(dw, graph.AxisRange(0, kernelDims[0]), graph.AxisRange(0, kernelDims[1]))
	}
	return dw
}
