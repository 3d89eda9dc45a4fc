package nn

import (
	"runtime"
	"sync"
	"weak"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// The depthwise gradient registered on GoMLX's convolution op, used on XLA: the forward
// convolution is a plain ConvGeneral node, and autodiff finds its gradient through
// graph.VJPRegistration, which this file wraps: for the convolutions DepthwiseConv2D built it
// returns the hand-written gradients (depthwise_backward.go); every other convolution keeps
// GoMLX's own. Unlike CustomVJP, this adds no node to the forward graph (CustomVJP's anchors,
// identities and their dead gradients cost about 30 nodes per convolution).

// depthwiseNodes maps the convolution nodes built by DepthwiseConv2D to their geometry. Keys are
// weak, so a graph's entries go when its nodes are collected.
var depthwiseNodes sync.Map // weak.Pointer[graph.Node] → depthwiseGeometry

func init() {
	stock := graph.VJPRegistration[graph.NodeTypeConvGeneral]
	graph.VJPRegistration[graph.NodeTypeConvGeneral] = func(node *graph.Node, vjps []*graph.Node, outputShape shapes.Shape) []*graph.Node {
		geo, ok := depthwiseNodes.Load(weak.Make(node))
		if !ok {
			return stock(node, vjps, outputShape)
		}
		x, w := node.Inputs()[0], node.Inputs()[1]
		g := geo.(depthwiseGeometry)
		return []*graph.Node{g.inputGradient(x, w, vjps[0]), g.kernelGradient(x, w, vjps[0])}
	}
}

// depthwiseWithRegisteredVJP builds the depthwise convolution as one node whose gradient is
// depthwiseGeometry's (see above).
func depthwiseWithRegisteredVJP(geo depthwiseGeometry, x, w *graph.Node) *graph.Node {
	y := geo.forward(x, w)
	key := weak.Make(y)
	depthwiseNodes.Store(key, geo)
	runtime.AddCleanup(y, func(k weak.Pointer[graph.Node]) { depthwiseNodes.Delete(k) }, key)
	return y
}
