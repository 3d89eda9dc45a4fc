package nn

import (
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// inputGradient is dL/dx: the transposed convolution of v with the same per-channel filters.
//
// Per axis, y[o] = Σ_k x[o·s + k·d − p]·w[k], so dx[i] = Σ_{o,k: o·s+k·d−p = i} v[o]·w[k].
// Spreading v out with s−1 zeros between elements (input dilation s) gives ṽ[o·s] = v[o], and
// dx[i] = Σ_k ṽ[i + p − k·d]·w[k] = Σ_k' ṽ[i − lo + k'·d]·w[K−1−k'] with lo = (K−1)·d − p:
// a stride-1 convolution, dilation d, of ṽ padded by lo before, with the spatially reversed
// kernel. The padding after, hi, makes the output exactly H long:
// lo + (O−1)·s + 1 + hi − (K−1)·d = H, i.e. hi = H − 1 − (O−1)·s + p. It exceeds lo when the
// forward pass left trailing input rows unread (e.g. H = 32, K = 3, s = 2, p = 1 gives O = 16,
// lo = 1, hi = 2): those rows get zero gradient.
func (geo depthwiseGeometry) inputGradient(x, w, v *graph.Node) *graph.Node {
	s, d, p := geo.stride, geo.dilation, geo.padding
	paddings := make([][2]int, 2)
	for axis := 0; axis < 2; axis++ {
		k := w.Shape().Dimensions[axis]
		inSize, outSize := x.Shape().Dimensions[axis+1], v.Shape().Dimensions[axis+1]
		paddings[axis] = [2]int{(k-1)*d - p, inSize - 1 - (outSize-1)*s + p}
	}
	return graph.ConvGeneral(v, reverseSpatialAxes(w, 0, 1), nhwcAxes,
		[]int{1, 1}, paddings, []int{s, s}, []int{d, d},
		x.Shape().Dimensions[3], 1)
}

// kernelGradient is dL/dw: dw[k, c] = Σ_{n,o} v[n, o, c]·x[n, o·s + k·d − p, c] per axis, a
// convolution of x with v as the kernel, kernel dilation s (taps of v are s apart in x) and
// stride d (consecutive k are d apart). Two ways to group it by channel follow.
func (geo depthwiseGeometry) kernelGradient(x, w, v *graph.Node) *graph.Node {
	paddings := geo.kernelGradientPaddings(x, w)
	if batchGroupingIsBroken(x.Graph().Backend()) {
		return geo.kernelGradientByChannelGroups(x, w, v, paddings)
	}
	return geo.kernelGradientByBatchGroups(x, w, v, paddings)
}

// kernelGradientPaddings is kernelGradientPaddings with this geometry.
func (geo depthwiseGeometry) kernelGradientPaddings(x, w *graph.Node) [][2]int {
	return kernelGradientPaddings(x, w, geo.stride, geo.dilation, geo.padding)
}

// kernelGradientPaddings is the forward padding, trimmed after, for the dw convolutions of both
// the depthwise and the dense convolution: the dw convolution's output length is
// ((K−1)·d + r)/d + 1, where r = (H + 2p − (K−1)·d − 1) mod s counts the trailing rows the forward
// pass never read; when r ≥ d that exceeds K, so the padding after is reduced by r (and, should r
// exceed p, the caller slices off the surplus taps).
func kernelGradientPaddings(x, w *graph.Node, s, d, p int) [][2]int {
	paddings := make([][2]int, 2)
	for axis := 0; axis < 2; axis++ {
		unread := (x.Shape().Dimensions[axis+1] + 2*p - (w.Shape().Dimensions[axis]-1)*d - 1) % s
		paddings[axis] = [2]int{p, max(p-unread, 0)}
	}
	return paddings
}

// kernelGradientByBatchGroups lets the convolution swap roles: x's channel axis acts as the batch
// and its batch axis as the (contracted) input channels; v's batch axis is the kernel's input
// channels and its channel axis the output channels. Batch grouping by C pairs x's channel c with
// v's channel c only, so the output batch is 1: [1, kh, kw, C]. No data is moved.
func (geo depthwiseGeometry) kernelGradientByBatchGroups(x, w, v *graph.Node, paddings [][2]int) *graph.Node {
	s, d := geo.stride, geo.dilation
	swapped := backends.ConvolveAxesConfig{
		InputBatch: 3, InputSpatial: []int{1, 2}, InputChannels: 0,
		KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
		OutputBatch: 0, OutputSpatial: []int{1, 2}, OutputChannels: 3,
	}
	dw := graph.ConvGeneral(x, v, swapped,
		[]int{d, d}, paddings, []int{1, 1}, []int{s, s},
		1, x.Shape().Dimensions[3])
	return trimKernelGradient(dw, w.Shape().Dimensions)
}

// kernelGradientByChannelGroups avoids batch grouping: x is transposed
// to [1, H, W, C·N] (channel-major), so channel grouping by C gives output channel c exactly the
// N input channels x[:, :, :, c]; v keeps its layout, its batch axis serving as the kernel's
// N input channels per group. It costs one transpose of x more than the batch-grouped form.
func (geo depthwiseGeometry) kernelGradientByChannelGroups(x, w, v *graph.Node, paddings [][2]int) *graph.Node {
	s, d := geo.stride, geo.dilation
	dims := x.Shape().Dimensions
	batch, height, width, channels := dims[0], dims[1], dims[2], dims[3]
	channelMajor := graph.Reshape(graph.TransposeAllAxes(x, 1, 2, 3, 0), 1, height, width, channels*batch)
	vAsKernel := backends.ConvolveAxesConfig{
		InputBatch: 0, InputSpatial: []int{1, 2}, InputChannels: 3,
		KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
		OutputBatch: 0, OutputSpatial: []int{1, 2}, OutputChannels: 3,
	}
	dw := graph.ConvGeneral(channelMajor, v, vAsKernel,
		[]int{d, d}, paddings, []int{1, 1}, []int{s, s},
		channels, 1)
	return trimKernelGradient(dw, w.Shape().Dimensions)
}

// trimKernelGradient drops surplus taps (see kernelGradient) from a [1, ≥kh, ≥kw, C] result and
// reshapes it to the kernel's [kh, kw, 1, C].
func trimKernelGradient(dw *graph.Node, kernelDims []int) *graph.Node {
	if got := dw.Shape().Dimensions; got[1] != kernelDims[0] || got[2] != kernelDims[1] {
		dw = graph.Slice(dw, graph.AxisRange(), graph.AxisRange(0, kernelDims[0]), graph.AxisRange(0, kernelDims[1]))
	}
	return graph.Reshape(dw, kernelDims...)
}

// batchGroupingIsBroken reports whether the backend is GoMLX v0.26.0's stock pure-Go one, whose
// ConvGeneral mishandles batchGroupCount: it picks the batch of output channel o as
// o / batchGroupCount instead of o / (output channels / batchGroupCount), and reads the output
// batch size at the input's batch axis. With one output channel per group, every channel then
// reads batch 0. Other backends (XLA, darts/backend) get the batch-grouped form, which
// TestDepthwiseKernelGradientFormsMatchReference checks.
func batchGroupingIsBroken(backend backends.Backend) bool {
	return backend.Name() == stockGoBackendName
}

// stockGoBackendName is what GoMLX's pure-Go backend ("go") calls itself; comparing names spares
// this package an import that would register that backend in every program using it.
const stockGoBackendName = "SimpleGo (go)"

// reverseSpatialAxes flips x along the given axes. It uses graph.Reverse where the backend has it;
// otherwise (GoMLX's stock pure-Go backend) it reassembles the axis from one-element slices in
// reverse order, which is cheap for the small kernels it is used on.
func reverseSpatialAxes(x *graph.Node, axes ...int) *graph.Node {
	if x.Graph().Backend().Capabilities().Operations[backends.OpTypeReverse] {
		return graph.Reverse(x, axes...)
	}
	for _, axis := range axes {
		size := x.Shape().Dimensions[axis]
		parts := make([]*graph.Node, size)
		spec := make([]graph.SliceAxisSpec, x.Rank())
		for i := range spec {
			spec[i] = graph.AxisRange()
		}
		for i := 0; i < size; i++ {
			spec[axis] = graph.AxisElem(size - 1 - i)
			parts[i] = graph.Slice(x, spec...)
		}
		x = graph.Concatenate(parts, axis)
	}
	return x
}
