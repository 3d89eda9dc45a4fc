package search

import (
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestEdgeInputsShareWhatHasNoWeights: the per-edge search network (darts-cpu's) pools each
// state once for all the edges leaving it, not once per edge: 3 cells of 5 read states, 2 pools
// each, 30 ReduceWindow nodes in the forward graph (84 edge by edge); with PC-DARTS's partial
// channels 4 more, the pass-by max pool of the two inputs of the two reduction cells (16 edge by
// edge), and one channel shuffle (Transpose) per node, 12 (42 edge by edge). The convolutions'
// first ReLU (a GreaterThan node each) is once per state too, and so is that of the reduction
// cells' skip_connect (FactorizedReduce): 6 of the preprocessing (the last cell's first input is a
// FactorizedReduce), then per cell 5 for the states and 2 inside each edge's two separable
// convolutions, 105 in all.
func TestEdgeInputsShareWhatHasNoWeights(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cfg                    Config
		pools, shuffles, relus int
	}{
		{Config{C: 4, Layers: 3, NumClasses: 10}, 30, 0, 105},
		{Config{C: 4, Layers: 3, NumClasses: 10, PartialChannels: 2, EdgeNorm: true}, 34, 12, 105},
	} {
		counts := map[graph.NodeType]int{}
		exec := context.MustNewExec(b, context.New(), func(ctx *context.Context, x *graph.Node) *graph.Node {
			ctx.SetTraining(x.Graph(), true)
			logits := c.cfg.Forward(ctx, x)
			for _, n := range x.Graph().Nodes() {
				counts[n.Type()]++
			}
			return logits
		})
		exec.MustExec(tensors.FromShape(shapes.Make(dtypes.Float32, 2, 8, 8, 3)))
		pools, shuffles, relus := counts[graph.NodeTypeReduceWindow], counts[graph.NodeTypeTranspose], counts[graph.NodeTypeGreaterThan]
		if pools != c.pools || shuffles != c.shuffles || relus != c.relus {
			t.Errorf("K=%d: %d pools, %d transposes and %d ReLUs in the forward graph, want %d, %d and %d",
				c.cfg.PartialChannels, pools, shuffles, relus, c.pools, c.shuffles, c.relus)
		}
	}
}
