package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// TestConv2DGradients checks GoMLX's own convolution gradient through Conv2D's settings
// (explicit symmetric padding, strides with a remainder row/column).
func TestConv2DGradients(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(37, 38))
	for _, kernel := range []int{1, 3, 5} {
		for _, stride := range []int{1, 2} {
			t.Run(fmt.Sprintf("%dx%d/stride%d", kernel, kernel, stride), func(t *testing.T) {
				// GoMLX builds the input gradient with Reverse, even when only the kernel's is wanted.
				requireOps(t, backend, backends.OpTypeReverse)
				x, w := randomTensor4(rng, 2, 7, 6, 3), randomTensor4(rng, kernel, kernel, 3, 2)
				requireGradients(t, func(in []*graph.Node) *graph.Node {
					return Conv2D(in[0], in[1], stride, 1, kernel/2)
				}, input4("x", x), input4("w", w))
			})
		}
	}
}
