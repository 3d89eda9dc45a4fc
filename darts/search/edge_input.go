package search

import (
	"strings"

	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// edgeInput is what the edges leaving one state of a per-edge search cell share. Every edge from
// a state has the same stride (2 from a reduction cell's inputs, else 1) and reads the same
// values, so whatever of its mixed op has no weights is the same on all of them and is built
// once here: the ReLU the convolutions begin with (ops.OnReLU), the pools with their
// non-affine batch norms (one batch norm computation whose statistics update each edge's
// running statistics, ops.SharedBatchNorm) and, with PC-DARTS's partial channels, the split of
// the state into the channels the ops read and the rest (max-pooled on stride 2). Computed
// once, each also runs its backward pass once, on the sum of the edges' gradients, instead of
// once per edge.
type edgeInput struct {
	x      *graph.Node // what the ops read: the state, or its first C/K channels
	rest   *graph.Node // partial channels: the other channels, max-pooled 2×2 at stride 2; else nil
	stride int
	relu   *graph.Node // ReLU(x), once asked for
	// edges are the cell's edges that read the state, scopes their variable scopes.
	edges  []int
	scopes []*context.Context
	pools  map[string][]*graph.Node // per pool primitive, its batch-normed output per edge
}

// newEdgeInput is the shared input of the edges leaving state j (h) of the cell whose scope is
// ctx: node i reads states 0..i+1, through edge i(i+3)/2 + j.
func (cell searchCell) newEdgeInput(ctx *context.Context, h *graph.Node, j int) *edgeInput {
	in := &edgeInput{x: h, stride: 1, pools: map[string][]*graph.Node{}}
	if cell.reduction && j < 2 {
		in.stride = 2
	}
	for i := max(0, j-1); i < cell.steps; i++ {
		e := i*(i+3)/2 + j
		in.edges = append(in.edges, e)
		in.scopes = append(in.scopes, ctx.In(edgeScope(e)))
	}
	if k := cell.partial; k > 1 {
		// PC-DARTS's MixedOp: the ops see x[:, :C/K], the rest passes by (model_search.py).
		c := h.Shape().Dimensions[3]
		in.x = graph.Slice(h, graph.AxisRange(), graph.AxisRange(), graph.AxisRange(), graph.AxisRange(0, c/k))
		in.rest = graph.Slice(h, graph.AxisRange(), graph.AxisRange(), graph.AxisRange(), graph.AxisRange(c/k, c))
		if in.stride != 1 {
			in.rest = nn.MaxPool2D(in.rest, 2, 2, 0) // nn.MaxPool2d(2, 2)
		}
	}
	return in
}

// isPool reports whether a primitive is a pool, which the reference follows by a non-affine
// batch norm in the search cell.
func isPool(name string) bool { return strings.Contains(name, "pool") }

// activated is ReLU(x), built on first use.
func (in *edgeInput) activated() *graph.Node {
	if in.relu == nil {
		in.relu = ops.ReLU(in.x)
	}
	return in.relu
}

// pooled is pool primitive name applied to the input and batch-normed as edge's own would be.
func (in *edgeInput) pooled(name string, edge int) *graph.Node {
	ys, ok := in.pools[name]
	if !ok {
		build, _ := ops.Lookup(name)
		scopes := make([]*context.Context, len(in.scopes))
		for i, s := range in.scopes {
			scopes[i] = s.In(name)
		}
		ys = ops.SharedBatchNorm(scopes, build(scopes[0], in.x, 0, in.stride, false))
		in.pools[name] = ys
	}
	for i, e := range in.edges {
		if e == edge {
			return ys[i]
		}
	}
	panic("search: edge does not read this state")
}

// nodeOutput is a node's state from the sum of its edges' (edge-weighted) mixed ops and, with
// partial channels, of the (edge-weighted) channels they passed by: PC-DARTS's edge output is
// channel_shuffle(cat(mixed, rest), K), and concatenation and shuffle are permutations, so the
// node's sum of edge outputs is the shuffle of the concatenated sums, element for element the
// same additions in the same order, one concatenation and shuffle per node instead of per edge.
func (cell searchCell) nodeOutput(mixed *graph.Node, rests []*graph.Node) *graph.Node {
	if cell.partial <= 1 {
		return mixed
	}
	return channelShuffle(graph.Concatenate([]*graph.Node{mixed, sumAll(rests)}, -1), cell.partial)
}
