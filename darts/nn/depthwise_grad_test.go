package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

func TestDepthwiseConv2DGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, c := range []struct{ kernel, stride, dilation, size int }{
		{3, 1, 1, 6}, {3, 1, 2, 7}, {5, 1, 1, 6}, {5, 1, 2, 9},
		{3, 2, 1, 7}, {3, 2, 1, 8}, {5, 2, 1, 7}, {3, 2, 2, 8}, {5, 2, 2, 9},
	} {
		padding := c.dilation * (c.kernel - 1) / 2
		t.Run(fmt.Sprintf("%dx%d/stride%d/dilation%d/size%d", c.kernel, c.kernel, c.stride, c.dilation, c.size), func(t *testing.T) {
			x, w := randomTensor4(rng, 2, c.size, c.size-1, 3), randomTensor4(rng, c.kernel, c.kernel, 1, 3)
			requireGradients(t, func(in []*graph.Node) *graph.Node {
				return DepthwiseConv2D(in[0], in[1], c.stride, c.dilation, padding)
			}, input4("x", x), input4("w", w))
		})
	}
}
