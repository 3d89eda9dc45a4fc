package nn

import (
	"runtime"
	"slices"
	"sync"
	"weak"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Gradients registered on single nodes, used on XLA. GoMLX looks a node's gradient up by its op
// type in graph.VJPRegistration; the wrappers installed here first look the node itself up in
// nodeVJPs, so that one convolution node (DepthwiseConv2D's, GroupedPointwise's) gets our
// hand-written gradient while every other node of its type keeps GoMLX's own. Unlike CustomVJP,
// this adds no node to the forward graph (CustomVJP's anchors, identities and their dead
// gradients cost about 30 nodes per convolution).

// nodeGradient returns the gradients of node's inputs given v = dL/d(output); nil entries mean
// no gradient (GoMLX then skips them).
type nodeGradient func(node, v *graph.Node) []*graph.Node

// nodeVJPs maps nodes to their gradient. Keys are weak, so a graph's entries go when its nodes
// are collected.
var nodeVJPs sync.Map // weak.Pointer[graph.Node] → nodeGradient

// wrappedTypes are the op types whose nodes may carry their own gradient. The registrations are
// wrapped once, at start-up, so that the map is never written while graphs are differentiated.
var wrappedTypes = []graph.NodeType{graph.NodeTypeConvGeneral}

func init() {
	stockBatchNorm := graph.VJPRegistration[graph.NodeTypeBatchNormForTraining]
	graph.VJPRegistration[graph.NodeTypeBatchNormForTraining] = func(n *graph.Node, vjps []*graph.Node, outputShape shapes.Shape) []*graph.Node {
		return batchNormTrainingGradient(stockBatchNorm(n, vjps, outputShape), n)
	}
	for _, t := range wrappedTypes {
		stock := graph.VJPRegistration[t]
		graph.VJPRegistration[t] = func(n *graph.Node, vjps []*graph.Node, outputShape shapes.Shape) []*graph.Node {
			if own, ok := nodeVJPs.Load(weak.Make(n)); ok {
				return own.(nodeGradient)(n, vjps[0])
			}
			return stock(n, vjps, outputShape)
		}
	}
}

// withGradient makes autodiff use grad for node, a single-output node of one of wrappedTypes.
func withGradient(node *graph.Node, grad nodeGradient) *graph.Node {
	if !slices.Contains(wrappedTypes, node.Type()) {
		panic("nn: no gradient can be registered on a " + node.Type().String() + " node")
	}
	key := weak.Make(node)
	nodeVJPs.Store(key, grad)
	runtime.AddCleanup(node, func(k weak.Pointer[graph.Node]) { nodeVJPs.Delete(k) }, key)
	return node
}

// depthwiseWithRegisteredVJP builds the depthwise convolution as one node whose gradient is
// depthwiseGeometry's.
func depthwiseWithRegisteredVJP(geo depthwiseGeometry, x, w *graph.Node) *graph.Node {
	return withGradient(geo.forward(x, w), func(node, v *graph.Node) []*graph.Node {
		x, w := node.Inputs()[0], node.Inputs()[1]
		return []*graph.Node{
			ifNeeded(x, func() *graph.Node { return geo.inputGradient(x, w, v) }),
			ifNeeded(w, func() *graph.Node { return geo.kernelGradient(x, w, v) })}
	})
}

// batchNormTrainingGradient drops GoMLX's gradients of a training batch norm's scale and offset
// (inputs 1 and 2) when they lead to no target of the nn.Gradient under way: a non-affine batch
// norm's ones and zeros (channelConstant), shared by every batch norm of the graph, would
// otherwise collect one dead Add per batch norm. The op's gradient node is built either way
// (one node gives all three gradients), so nothing else changes.
func batchNormTrainingGradient(grads []*graph.Node, node *graph.Node) []*graph.Node {
	for i := 1; i <= 2 && i < len(grads); i++ {
		if grads[i] != nil && !needsGradient(node.Inputs()[i]) {
			grads[i] = nil
		}
	}
	return grads
}
