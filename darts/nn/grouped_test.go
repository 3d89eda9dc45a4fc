package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// TestGroupedPointwise: forward equal to one Conv2D per group (channel blocks), and both
// gradients (registered on the node) against finite differences, at strides 1 and 2 and odd and
// even sizes (stride 2 leaves the last row unread at odd sizes).
func TestGroupedPointwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, c := range []struct{ groups, cin, cout, stride, size int }{
		{3, 2, 2, 1, 5}, {2, 3, 2, 2, 6}, {3, 2, 1, 2, 7}, {1, 3, 3, 1, 4},
	} {
		t.Run(fmt.Sprintf("groups%d/%dto%d/stride%d/size%d", c.groups, c.cin, c.cout, c.stride, c.size), func(t *testing.T) {
			x := randomTensor4(rng, 2, c.size, c.size+1, c.groups*c.cin)
			w := randomTensor4(rng, 1, 1, c.cin, c.groups*c.cout)
			got, _ := execute1(t, testBackend(t), func(in []*graph.Node) *graph.Node {
				return GroupedPointwise(in[0], in[1], c.groups, c.stride)
			}, x.tensor(), w.tensor())
			want, _ := execute1(t, testBackend(t), func(in []*graph.Node) *graph.Node {
				var parts []*graph.Node
				for g := 0; g < c.groups; g++ {
					xg := graph.Slice(in[0], graph.AxisRange(), graph.AxisRange(), graph.AxisRange(), graph.AxisRange(g*c.cin, (g+1)*c.cin))
					wg := graph.Slice(in[1], graph.AxisRange(), graph.AxisRange(), graph.AxisRange(), graph.AxisRange(g*c.cout, (g+1)*c.cout))
					parts = append(parts, Conv2D(xg, wg, c.stride, 1, 0))
				}
				return graph.Concatenate(parts, 3)
			}, x.tensor(), w.tensor())
			assertClose(t, "forward", got, want, 1e-5)
			requireGradients(t, func(in []*graph.Node) *graph.Node {
				return GroupedPointwise(in[0], in[1], c.groups, c.stride)
			}, input4("x", x), input4("w", w))
		})
	}
}
