package search

import (
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// searchCell is one cell of the search network: its two inputs are preprocessed to c channels,
// then node i (state i+2) sums the mixed ops on every earlier state; the output concatenates the
// last multiplier nodes.
type searchCell struct {
	steps, multiplier, c     int
	reduction, reductionPrev bool
	primitives               []string
	batched                  bool // the incoming edges of a node as one computation (see batchedEdges)
	partial                  int  // PC-DARTS's K (> 1: partial channels, see partial.go)
	// edgeWeights, with PC-DARTS's edge normalisation, is softmax(β) per node, one entry per edge.
	edgeWeights *graph.Node
}

func (cell searchCell) forward(ctx *context.Context, s0, s1, weights *graph.Node) *graph.Node {
	if cell.batched {
		return cell.forwardBatched(ctx, s0, s1, weights)
	}
	s0, s1 = cell.preprocess(ctx, s0, s1)
	states := []*graph.Node{s0, s1}
	var inputs []*edgeInput // per state, what its outgoing edges share (edge_input.go)
	edge := 0
	for i := 0; i < cell.steps; i++ {
		var terms, rests []*graph.Node
		for j, h := range states {
			if j == len(inputs) {
				inputs = append(inputs, cell.newEdgeInput(ctx, h, j))
			}
			in := inputs[j]
			w := graph.Reshape(graph.Slice(weights, graph.AxisElem(edge)), len(cell.primitives))
			y, rest := cell.mixedOp(ctx.In(edgeScope(edge)), in, edge, w), in.rest
			if cell.edgeWeights != nil {
				b := graph.Reshape(graph.Slice(cell.edgeWeights, graph.AxisElem(edge)))
				y = graph.Mul(b, y)
				if rest != nil {
					rest = graph.Mul(b, rest)
				}
			}
			terms, rests = append(terms, y), append(rests, rest)
			edge++
		}
		states = append(states, cell.nodeOutput(sumAll(terms), rests))
	}
	return graph.Concatenate(states[len(states)-cell.multiplier:], -1)
}

// preprocess brings both inputs to c channels at the cell's resolution.
func (cell searchCell) preprocess(ctx *context.Context, s0, s1 *graph.Node) (*graph.Node, *graph.Node) {
	if cell.reductionPrev {
		s0 = ops.FactorizedReduce(ctx.In("preprocess0"), s0, cell.c, false)
	} else {
		s0 = ops.ReLUConvBN(ctx.In("preprocess0"), s0, cell.c, 1, 1, 0, false)
	}
	return s0, ops.ReLUConvBN(ctx.In("preprocess1"), s1, cell.c, 1, 1, 0, false)
}

// mixedOp is Σ_k w_k·op_k(x) on edge's input (the state, or with partial channels its first C/K
// channels). The "none" op contributes exactly zero (and so does its gradient with respect to w),
// so it is left out of the sum rather than computed as zeros. What has no weights comes from the
// input, which computes it once for all the edges it feeds: the pools, and the ReLU that the
// convolutions begin with.
func (cell searchCell) mixedOp(ctx *context.Context, in *edgeInput, edge int, w *graph.Node) *graph.Node {
	var terms []*graph.Node
	c := cell.c
	if cell.partial > 1 {
		c /= cell.partial
	}
	for k, name := range cell.primitives {
		if name == "none" {
			continue
		}
		var y *graph.Node
		if isPool(name) {
			y = in.pooled(name, edge)
		} else if build, ok := ops.OnReLUAt(name, in.stride); ok {
			y = build(ctx.In(name), in.activated(), c, in.stride, false)
		} else {
			build, _ := ops.Lookup(name)
			y = build(ctx.In(name), in.x, c, in.stride, false)
		}
		terms = append(terms, graph.Mul(graph.Reshape(graph.Slice(w, graph.AxisElem(k))), y))
	}
	return sumAll(terms)
}

// sumAll adds nodes left to right.
func sumAll(terms []*graph.Node) *graph.Node {
	sum := terms[0]
	for _, t := range terms[1:] {
		sum = graph.Add(sum, t)
	}
	return sum
}
