package optim

import (
	"fmt"

	"github.com/dartsml/godarts/darts"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// UpdateStacks is Update for weights grouped into stacks (darts.GroupWeights), with one gradient
// per stack (at its Value): a stack of several variables is updated as one tensor, with its
// momentum buffers concatenated likewise, and the new values are split back per variable. The
// arithmetic per element is Update's.
func (o SGD) UpdateStacks(ctx *context.Context, stacks []darts.WeightStack, grads []*graph.Node, lr *graph.Node) {
	if len(stacks) != len(grads) {
		panic(fmt.Sprintf("optim.SGD: %d stacks but %d gradients", len(stacks), len(grads)))
	}
	g := lr.Graph()
	for i, st := range stacks {
		if len(st.Vars) == 1 {
			o.Update(ctx, st.Vars, grads[i:i+1], lr)
			continue
		}
		w := st.Value
		d := grads[i]
		if o.WeightDecay != 0 {
			d = graph.Add(d, graph.MulScalar(w, o.WeightDecay))
		}
		if o.Momentum != 0 {
			bufs := make([]*context.Variable, len(st.Vars))
			parts := make([]*graph.Node, len(st.Vars))
			for e, v := range st.Vars {
				bufs[e] = stateVariable(ctx, o.name(), v, "momentum")
				parts[e] = bufs[e].ValueGraph(g)
			}
			d = graph.Add(graph.MulScalar(graph.Concatenate(parts, -1), o.Momentum), d)
			darts.SplitWeights(d, bufs)
		}
		darts.SplitWeights(graph.Sub(w, graph.Mul(graph.ConvertDType(lr, w.DType()), d)), st.Vars)
	}
}
