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

// TestEachInputIsPooledOnce: in a training graph of DARTS_V2 cells (two reduction cells, each
// with five max_pool_3x3 edges on its two inputs, and the auxiliary head's average pool), no
// value is pooled twice: the forward graph holds one ReduceWindow per pooled input, five in all
// (built per edge: eleven), and the gradient graph one SelectAndScatter per max-pooled input.
func TestEachInputIsPooledOnce(t *testing.T) {
	b := testbackend.CPU(t)
	cfg := Config{Kind: CIFAR, Genotype: builtin(t, "DARTS_V2"), C: 4, Layers: 3, NumClasses: 3, Auxiliary: true}
	pools, scatters, checked := 0, 0, false
	exec := context.MustNewExec(b, context.New(), func(ctx *context.Context, x, p *graph.Node) *graph.Node {
		ctx.SetTraining(x.Graph(), true)
		logits, aux := cfg.Forward(ctx, x, p)
		loss := graph.Add(graph.ReduceAllSum(logits), graph.ReduceAllSum(aux))
		grads := graph.Gradient(loss, x)
		pooled := map[graph.NodeId]int{}
		seen := map[graph.NodeId]bool{}
		stack := []*graph.Node{loss, grads[0]}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[n.Id()] {
				continue
			}
			seen[n.Id()] = true
			switch n.Type() {
			case graph.NodeTypeReduceWindow:
				in := n.Inputs()[0]
				if in.Type() == graph.NodeTypePad {
					break // the average pool's gradient: a sum pool of the padded output gradient
				}
				pools++
				if pooled[in.Id()]++; pooled[in.Id()] == 2 {
					t.Errorf("%s is pooled more than once", in)
				}
			case graph.NodeTypeSelectAndScatterMax:
				scatters++
			}
			stack = append(stack, n.Inputs()...)
		}
		checked = true
		return loss
	})
	exec.MustExec(tensors.FromShape(shapes.Make(dtypes.Float32, 2, 32, 32, 3)), float32(0.2))
	if !checked || pools != 5 || scatters != 4 {
		t.Fatalf("%d pools (want 2 per reduction cell and the head's) and %d SelectAndScatters (want 2 per reduction cell)", pools, scatters)
	}
}
