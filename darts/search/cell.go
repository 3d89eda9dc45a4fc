package search

import (
	"fmt"
	"strings"

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
	edge := 0
	for i := 0; i < cell.steps; i++ {
		var terms []*graph.Node
		for j, h := range states {
			stride := 1
			if cell.reduction && j < 2 {
				stride = 2
			}
			w := graph.Slice(weights, graph.AxisElem(edge))
			w = graph.Reshape(w, len(cell.primitives))
			var y *graph.Node
			if cell.partial > 1 {
				y = cell.partialMixedOp(ctx.In(fmt.Sprintf("edge%d", edge)), h, w, stride)
			} else {
				y = cell.mixedOp(ctx.In(fmt.Sprintf("edge%d", edge)), h, w, stride)
			}
			if cell.edgeWeights != nil {
				y = graph.Mul(graph.Reshape(graph.Slice(cell.edgeWeights, graph.AxisElem(edge))), y)
			}
			terms = append(terms, y)
			edge++
		}
		states = append(states, sumAll(terms))
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

// mixedOp is Σ_k w_k·op_k(x). The "none" op contributes exactly zero (and so does its gradient
// with respect to w), so it is left out of the sum rather than computed as zeros.
func (cell searchCell) mixedOp(ctx *context.Context, x, w *graph.Node, stride int) *graph.Node {
	return cell.mixedOpOn(ctx, x, w, stride, cell.c)
}

// mixedOpOn is mixedOp with ops of c channels.
func (cell searchCell) mixedOpOn(ctx *context.Context, x, w *graph.Node, stride, c int) *graph.Node {
	var terms []*graph.Node
	for k, name := range cell.primitives {
		if name == "none" {
			continue
		}
		build, _ := ops.Lookup(name)
		opCtx := ctx.In(name)
		y := build(opCtx, x, c, stride, false)
		if strings.Contains(name, "pool") {
			y = ops.BatchNorm(opCtx, y, false) // the reference follows pools by a non-affine BN
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
