package ops

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// SharedBatchNorm is BatchNorm(ctxs[i], x, false) for every i, computed once: a search cell's
// edges that pool the same state apply each their own non-affine batch norm to the same values,
// and in training those give one output (normalised with the batch statistics of x), whose
// statistics update every edge's running mean and variance as each edge's own batch norm would.
// Evaluation graphs normalise with each edge's running statistics, so there the outputs are
// per edge again. It returns one output per context, in order (the same node in training).
func SharedBatchNorm(ctxs []*context.Context, x *graph.Node) []*graph.Node {
	out := make([]*graph.Node, len(ctxs))
	g := x.Graph()
	if len(ctxs) == 1 || !ctxs[0].IsTraining(g) {
		for i, ctx := range ctxs {
			out[i] = BatchNorm(ctx, x, false)
		}
		return out
	}
	compute := x.DType()
	x = Compute(x, DType)
	stats := make([]runningStats, len(ctxs))
	for i, ctx := range ctxs {
		stats[i] = newRunningStats(ctx.In("batchnorm"), x.Shape().Dimensions[x.Rank()-1])
	}
	y := Compute(batchNormTrain(ctxs[0], x, nil, nil, stats), compute)
	for i := range out {
		out[i] = y
	}
	return out
}
