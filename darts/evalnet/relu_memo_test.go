package evalnet

import (
	"testing"

	"github.com/dartsml/godarts/darts/internal/testbackend"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestEachStateIsReLUdOnce: in a training graph of DARTS_V2 cells with the auxiliary head (its
// head ReLUs a cell output that the next cell's preprocessing ReLUs too), no value is ReLU'd
// twice: the forward graph holds one comparison with zero (a ReLU's indicator) per input. Built
// per module, the stem output (both inputs of cell 0), every cell output (the next two cells'
// preprocessing) and every state with several sep_conv or dil_conv edges were ReLU'd once per
// reader, and a training step kept each copy.
func TestEachStateIsReLUdOnce(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := Config{Kind: CIFAR, Genotype: builtin(t, "DARTS_V2"), C: 4, Layers: 3, NumClasses: 3, Auxiliary: true}
	relus, checked := 0, false
	exec := context.MustNewExec(b, context.New(), func(ctx *context.Context, x, p *graph.Node) *graph.Node {
		ctx.SetTraining(x.Graph(), true)
		logits, aux := cfg.Forward(ctx, x, p)
		readers := map[graph.NodeId]int{}
		seen := map[graph.NodeId]bool{}
		stack := []*graph.Node{logits, aux}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[n.Id()] {
				continue
			}
			seen[n.Id()] = true
			if n.Type() == graph.NodeTypeGreaterThan {
				relus++
				in := n.Inputs()[0]
				if readers[in.Id()]++; readers[in.Id()] == 2 {
					t.Errorf("%s is ReLU'd more than once", in)
				}
			}
			stack = append(stack, n.Inputs()...)
		}
		checked = true
		return graph.Add(graph.ReduceAllSum(logits), graph.ReduceAllSum(aux))
	})
	exec.MustExec(tensors.FromShape(shapes.Make(dtypes.Float32, 2, 32, 32, 3)), float32(0.2))
	if !checked || relus == 0 {
		t.Fatalf("no ReLU found in the forward graph")
	}
	t.Logf("%d ReLUs in the forward graph", relus)
}
