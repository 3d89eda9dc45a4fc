package evalnet

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// cell is one evaluation cell: its inputs are preprocessed to c channels (a factorized reduce of
// s0 when the previous cell reduced), node i sums the ops of edges 2i and 2i+1 on the states they
// name, and the output concatenates the states of concat.
type cell struct {
	edges                    []genotype.Edge
	concat                   []int
	c                        int
	reduction, reductionPrev bool
}

func newCell(g genotype.Genotype, c int, reduction, reductionPrev bool) cell {
	edges, concat := g.Normal, g.NormalConcat
	if reduction {
		edges, concat = g.Reduce, g.ReduceConcat
	}
	return cell{edges: edges, concat: concat, c: c, reduction: reduction, reductionPrev: reductionPrev}
}

// outChannels is the channel count of the cell's output.
func (cl cell) outChannels() int { return len(cl.concat) * cl.c }

// forward builds the cell; paths.prob nil (or an inference graph) means no drop-path. relus holds
// the ReLUs of the network's states built so far (see reluMemo).
func (cl cell) forward(ctx *context.Context, s0, s1 *graph.Node, paths *dropPaths, relus reluMemo) *graph.Node {
	if cl.reductionPrev {
		s0 = ops.FactorizedReduceOnReLU(ctx.In("preprocess0"), relus.of(s0), cl.c, true)
	} else {
		s0 = convBNOnReLU(ctx.In("preprocess0"), relus.of(s0), cl.c)
	}
	s1 = convBNOnReLU(ctx.In("preprocess1"), relus.of(s1), cl.c)
	states := []*graph.Node{s0, s1}
	training := ctx.IsTraining(s0.Graph())
	pools := poolMemo{}
	for i := 0; i < len(cl.edges)/2; i++ {
		var sum *graph.Node
		for k := 0; k < 2; k++ {
			e := cl.edges[2*i+k]
			stride := 1
			if cl.reduction && e.From < 2 {
				stride = 2
			}
			build, err := ops.Lookup(e.Op)
			if err != nil {
				panic(fmt.Sprintf("evalnet: node %d: %v", i, err))
			}
			in := states[e.From]
			if onReLU, ok := ops.OnReLUAt(e.Op, stride); ok {
				build, in = onReLU, relus.of(in)
			}
			h := pools.of(e.Op, in, stride, func() *graph.Node {
				return build(ctx.In(fmt.Sprintf("op%d", 2*i+k)).In(e.Op), in, cl.c, stride, true)
			})
			identity := e.Op == "skip_connect" && stride == 1
			if training && paths.prob != nil && !identity {
				h = paths.apply(ctx, h)
			}
			if sum == nil {
				sum = h
			} else {
				sum = graph.Add(sum, h)
			}
		}
		states = append(states, sum)
	}
	out := make([]*graph.Node, len(cl.concat))
	for i, s := range cl.concat {
		out[i] = states[s]
	}
	return graph.Concatenate(out, -1)
}
