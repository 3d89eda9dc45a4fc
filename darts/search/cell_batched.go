package search

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// batchedEdges is the one place that chooses, per backend, how a search cell is built:
//
//   - per edge (darts-cpu, GoMLX's pure-Go backend): every edge's mixed op on its own, as the
//     reference writes it; our CPU kernels are tuned for these shapes;
//   - batched (XLA): the incoming edges of a node that share a stride run as one computation
//     (ops/stacked.go): their inputs concatenated on the channel axis, one ReLU, one depthwise
//     convolution and one grouped pointwise convolution per layer of each primitive, one batch
//     norm per inner layer over all the edges' channels and one for the outputs of all the
//     primitives together, one α-weighted sum; the edges' variables
//     are stored stacked, one per layer of each primitive for the whole batch (stackedScope),
//     so the graph reads and updates each as one tensor. XLA compiles a graph several times
//     smaller, and launches as many times fewer kernels.
//
// Both compute the same function from the same values: a Searcher converts its variables
// between the two storages (formulation.go), so initial values and checkpoints are the same
// on both (TestXLAFormulationMatchesCPU, TestCheckpointAcrossFormulations).
func batchedEdges(b backends.Backend) bool { return b.Name() == "xla" }

// forwardBatched is forward with each node's incoming edges batched (see batchedEdges), their
// variables stacked (edgeGroups, stackedScope).
func (cell searchCell) forwardBatched(ctx *context.Context, s0, s1, weights *graph.Node) *graph.Node {
	s0, s1 = cell.preprocess(ctx, s0, s1)
	states := []*graph.Node{s0, s1}
	var sum *graph.Node
	for _, gr := range edgeGroups(cell.steps, cell.reduction) {
		if gr.first {
			if sum != nil {
				states = append(states, sum)
			}
			sum = nil
		}
		w := graph.Slice(weights, graph.AxisRange(gr.from, gr.to)) // [E, primitives]
		out := cell.mixedOps(ctx.In(stackedScope(gr.from, gr.to)), states[gr.inputs:gr.inputs+gr.to-gr.from], w, gr.stride)
		if sum == nil {
			sum = out
		} else {
			sum = graph.Add(sum, out)
		}
	}
	states = append(states, sum)
	return graph.Concatenate(states[len(states)-cell.multiplier:], -1)
}

// edgeGroup is a batch of a node's incoming edges: the cell's edges [from, to), which read the
// states [inputs, inputs+to-from) with one stride. first marks a node's first group.
type edgeGroup struct {
	from, to, inputs, stride int
	first                    bool
}

// edgeGroups lists a cell's edge batches, node by node: a node's incoming edges share their
// shapes, so they form one batch, except in a reduction cell, where the edges from the cell's
// inputs (stride 2) and those from earlier nodes (stride 1) form two.
func edgeGroups(steps int, reduction bool) []edgeGroup {
	var groups []edgeGroup
	edge := 0
	for i := 0; i < steps; i++ {
		n := i + 2 // states feeding node i
		if reduction {
			groups = append(groups, edgeGroup{from: edge, to: edge + 2, inputs: 0, stride: 2, first: true})
			if n > 2 {
				groups = append(groups, edgeGroup{from: edge + 2, to: edge + n, inputs: 2, stride: 1})
			}
		} else {
			groups = append(groups, edgeGroup{from: edge, to: edge + n, inputs: 0, stride: 1, first: true})
		}
		edge += n
	}
	return groups
}

// stackedScope is the scope, within a cell, of the stacked variables of the edges [from, to):
// the per-edge variables of edge e live under edgeScope(e).
func stackedScope(from, to int) string { return fmt.Sprintf("edges%d-%d", from, to) }

// outputsBNScope is the scope, below a batch's stackedScope, of the running statistics of the
// batch norm that normalises all its primitives' outputs together: the primitives' own last
// batch norms (ops.FinalBatchNormScope), stacked in primitive order.
const outputsBNScope = "outputs_bn"

// edgeScope is the scope, within a cell, of one edge's variables.
func edgeScope(e int) string { return fmt.Sprintf("edge%d", e) }

// mixedOps is Σ_e Σ_k w[e, k]·op_k(x_e) for edges of the same stride, computed stacked, with
// the edges' variables stacked under ctx.
func (cell searchCell) mixedOps(ctx *context.Context, xs []*graph.Node, w *graph.Node, stride int) *graph.Node {
	edges := len(xs)
	x := xs[0]
	if edges > 1 {
		x = graph.Concatenate(xs, 3)
	}
	var relu *graph.Node
	activated := func() *graph.Node {
		if relu == nil {
			relu = ops.ReLU(x)
		}
		return relu
	}
	// The primitives' outputs before their last batch norm, normalised together by one, its
	// running statistics stacked under outputsBNScope (primitive-major, as the outputs);
	// skip_connect at stride 1 (no batch norm) goes after them.
	var pre []*graph.Node
	var kept []int // the primitives in the weighted sum, in its order (none contributes exactly zero)
	skip := -1
	for k, name := range cell.primitives {
		opCtx := ctx.In(name)
		var y *graph.Node
		switch name {
		case "none":
			continue
		case "max_pool_3x3", "avg_pool_3x3":
			y = ops.StackedPool(x, name == "max_pool_3x3", stride)
		case "skip_connect":
			if stride == 1 {
				skip = k
				continue
			}
			y = ops.StackedFactorizedReduce(opCtx, edges, activated())
		case "sep_conv_3x3", "sep_conv_5x5":
			y = ops.StackedSepConv(opCtx, edges, activated(), kernelOf(name), stride)
		case "dil_conv_3x3", "dil_conv_5x5":
			y = ops.StackedDilConv(opCtx, edges, activated(), kernelOf(name), stride)
		default:
			panic(fmt.Sprintf("search: no batched form of primitive %q", name))
		}
		pre = append(pre, y)
		kept = append(kept, k)
	}
	// One weighted sum: the outputs side by side on the channel axis ([N, H, W, K·E·C], in kept's
	// order) times w[e, k] repeated over each block of C channels, summed over the K·E blocks.
	var all *graph.Node
	if len(pre) > 0 {
		joined := pre[0]
		if len(pre) > 1 {
			joined = graph.Concatenate(pre, 3)
		}
		all = ops.StackedBatchNorm(ctx.In(outputsBNScope), joined)
	}
	if skip >= 0 {
		kept = append(kept, skip)
		if all == nil {
			all = x
		} else {
			all = graph.Concatenate([]*graph.Node{all, x}, 3)
		}
	}
	dims := all.Shape().Dimensions
	c := dims[3] / (edges * len(kept))
	wt := graph.Transpose(w, 0, 1) // [primitives, E]
	if !slices.Equal(kept, identityRows(len(cell.primitives))) {
		wt = pickRows(wt, kept)
	}
	perChannel := graph.BroadcastToDims(graph.Reshape(wt, len(kept)*edges, 1), len(kept)*edges, c)
	weighted := graph.Mul(all, graph.Reshape(perChannel, 1, 1, 1, len(kept)*edges*c))
	return graph.ReduceSum(graph.Reshape(weighted, dims[0], dims[1], dims[2], len(kept)*edges, c), 3)
}

// identityRows is 0, 1, ..., n-1.
func identityRows(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// pickRows is rows of x, as few slices as contiguous runs allow.
func pickRows(x *graph.Node, rows []int) *graph.Node {
	var parts []*graph.Node
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end] == rows[end-1]+1 {
			end++
		}
		parts = append(parts, graph.Slice(x, graph.AxisRange(rows[start], rows[end-1]+1)))
		start = end
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return graph.Concatenate(parts, 0)
}

// batchable reports whether every primitive has a batched form.
func batchable(primitives []string) bool {
	for _, p := range primitives {
		if !slices.Contains([]string{"none", "max_pool_3x3", "avg_pool_3x3", "skip_connect",
			"sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"}, p) {
			return false
		}
	}
	return true
}

// kernelOf is the k of a "..._kxk" primitive.
func kernelOf(name string) int {
	var k int
	fmt.Sscanf(name[len(name)-3:], "%dx", &k)
	return k
}
