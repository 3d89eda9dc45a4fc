package nn

import (
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// TestGradientBuildsOnlyNeededInputs: under nn.Gradient, a registered gradient builds the
// convolution for an input only when that input leads to a target, not through a stopped
// gradient; graph.Gradient builds both.
func TestGradientBuildsOnlyNeededInputs(t *testing.T) {
	convs := func(g *graph.Graph) int {
		n := 0
		for _, node := range g.Nodes() {
			if node.Type() == graph.NodeTypeConvGeneral {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name string
		grad func(loss, x, w *graph.Node) []*graph.Node
		want int // convolutions: the forward one and one per gradient built
	}{
		{"graph.Gradient wrt x", func(l, x, w *graph.Node) []*graph.Node { return graph.Gradient(l, x) }, 3},
		{"nn.Gradient wrt x", func(l, x, w *graph.Node) []*graph.Node { return Gradient(l, x) }, 2},
		{"nn.Gradient wrt w", func(l, x, w *graph.Node) []*graph.Node { return Gradient(l, w) }, 2},
		{"nn.Gradient wrt both", func(l, x, w *graph.Node) []*graph.Node { return Gradient(l, x, w) }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := graph.NewGraph(testBackend(t), tc.name)
			defer g.Finalize()
			x := graph.Parameter(g, "x", shapes.Make(dtypes.Float32, 2, 4, 4, 6))
			w := graph.Parameter(g, "w", shapes.Make(dtypes.Float32, 1, 1, 3, 4))
			// The kernel also depends on x, but only through a stopped gradient.
			kernel := graph.Add(w, graph.StopGradient(graph.ReduceAllSum(x)))
			loss := graph.ReduceAllSum(GroupedPointwise(x, kernel, 2, 1))
			tc.grad(loss, x, w)
			if got := convs(g); got != tc.want {
				t.Errorf("%d convolutions, want %d", got, tc.want)
			}
		})
	}
}
