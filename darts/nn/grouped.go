package nn

import (
	"fmt"
	"runtime"
	"sync"
	"weak"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// GroupedPointwise is PyTorch's conv2d with a 1×1 kernel, groups = groups, no padding: the NHWC
// x's channels are groups blocks of Cin, block g is multiplied by its own [Cin, Cout] matrix
// w[0, 0, :, g·Cout:(g+1)·Cout] at every stride-th pixel, giving groups blocks of Cout channels.
// w is [1, 1, Cin, groups·Cout]. It runs the pointwise convolutions of several DARTS edges
// stacked on the channel axis as one op.
//
// Its gradient is registered on the node (nodevjp.go): one grouped convolution for x and one
// batch-grouped convolution for w. GoMLX's own splits a grouped convolution into one
// convolution per group, each way.
func GroupedPointwise(x, w *graph.Node, groups, stride int) *graph.Node {
	checkConvArgs("GroupedPointwise", x, w, stride, 1, 0)
	kd := w.Shape().Dimensions
	if kd[0] != 1 || kd[1] != 1 || groups < 1 || kd[3]%groups != 0 || kd[2]*groups != x.Shape().Dimensions[3] {
		panic(fmt.Sprintf("nn.GroupedPointwise: want a [1, 1, Cin, %d·Cout] kernel for %s in %d groups, got %s",
			groups, x.Shape(), groups, w.Shape()))
	}
	y := graph.ConvGeneral(x, w, nhwcAxes, []int{stride, stride}, [][2]int{{0, 0}, {0, 0}}, []int{1, 1}, []int{1, 1}, groups, 1)
	return withGradient(y, func(node, v *graph.Node) []*graph.Node {
		x, w := node.Inputs()[0], node.Inputs()[1]
		return []*graph.Node{
			ifNeeded(x, func() *graph.Node { return groupedPointwiseInputGradient(x, w, v, groups, stride) }),
			ifNeeded(w, func() *graph.Node { return groupedPointwiseKernelGradient(x, w, v, groups, stride) })}
	})
}

// groupedPointwiseInputGradient is dL/dx: per group, v times the transposed matrix, spread back to
// every stride-th pixel (input dilation), zero elsewhere; trailing rows the forward pass never
// read (H−1 − (O−1)·stride of them) get zero by padding after.
func groupedPointwiseInputGradient(x, w, v *graph.Node, groups, stride int) *graph.Node {
	wT := transposedGroups(w, groups)
	paddings := make([][2]int, 2)
	for axis := 0; axis < 2; axis++ {
		paddings[axis] = [2]int{0, x.Shape().Dimensions[axis+1] - 1 - (v.Shape().Dimensions[axis+1]-1)*stride}
	}
	return graph.ConvGeneral(v, wT, nhwcAxes, []int{1, 1}, paddings, []int{stride, stride}, []int{1, 1}, groups, 1)
}

// groupedPointwiseKernelGradient is dL/dw: dw[ci, g·Cout+co] = Σ_{n,h,w} x[n, h·s, w·s, g·Cin+ci]·
// v[n, h, w, g·Cout+co]. As for the depthwise kernel gradient, a convolution with the roles
// swapped does it: x's channel axis is the batch (grouped by groups, Cin each), its batch axis the
// contracted features, v is the kernel (kernel dilation = stride); the [Cin, 1, 1, groups·Cout]
// result is w's layout.
func groupedPointwiseKernelGradient(x, w, v *graph.Node, groups, stride int) *graph.Node {
	swapped := backends.ConvolveAxesConfig{
		InputBatch: 3, InputSpatial: []int{1, 2}, InputChannels: 0,
		KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
		OutputBatch: 0, OutputSpatial: []int{1, 2}, OutputChannels: 3,
	}
	paddings := kernelGradientPaddings(x, w, stride, 1, 0)
	dw := graph.ConvGeneral(x, v, swapped, []int{1, 1}, paddings, []int{1, 1}, []int{stride, stride}, 1, groups)
	if d := dw.Shape().Dimensions; d[1] != 1 || d[2] != 1 {
		dw = graph.Slice(dw, graph.AxisRange(), graph.AxisRange(0, 1), graph.AxisRange(0, 1))
	}
	return graph.Reshape(dw, w.Shape().Dimensions...)
}

// transposedKernels caches, per kernel node (weakly), its per-group transpose: the forward
// passes of a step that share a kernel share it.
var transposedKernels sync.Map // weak.Pointer[graph.Node] → weak.Pointer[graph.Node] (weak both: wT references w)

// transposedGroups is wT[0, 0, co, g·Cin+ci] = w[0, 0, ci, g·Cout+co].
func transposedGroups(w *graph.Node, groups int) *graph.Node {
	key := weak.Make(w)
	if cached, ok := transposedKernels.Load(key); ok {
		if wT := cached.(weak.Pointer[graph.Node]).Value(); wT != nil {
			return wT
		}
	}
	cIn, cOut := w.Shape().Dimensions[2], w.Shape().Dimensions[3]/groups
	wT := graph.Reshape(graph.TransposeAllAxes(graph.Reshape(w, cIn, groups, cOut), 2, 1, 0), 1, 1, cOut, groups*cIn)
	if _, loaded := transposedKernels.Swap(key, weak.Make(wT)); loaded {
		return wT // a collected entry replaced: its cleanup is already registered
	}
	runtime.AddCleanup(w, func(k weak.Pointer[graph.Node]) { transposedKernels.Delete(k) }, key)
	return wT
}
