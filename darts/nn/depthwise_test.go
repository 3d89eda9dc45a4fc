package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

func TestDepthwiseConv2DMatchesReference(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for _, kernel := range []int{3, 5} {
		for _, dilation := range []int{1, 2} {
			for _, stride := range []int{1, 2} {
				padding := dilation * (kernel - 1) / 2 // DARTS's "same" padding.
				t.Run(fmt.Sprintf("%dx%d/dilation%d/stride%d", kernel, kernel, dilation, stride), func(t *testing.T) {
					x, w := randomTensor4(rng, 2, 9, 8, 3), randomTensor4(rng, kernel, kernel, 1, 3)
					got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
						return DepthwiseConv2D(in[0], in[1], stride, dilation, padding)
					}, x.tensor(), w.tensor())
					want := refConv2D(x, w, stride, dilation, padding, true)
					assertDims(t, "DepthwiseConv2D", dims, want.dims[:]...)
					assertClose(t, "DepthwiseConv2D", got, want.data, 1e-12)
				})
			}
		}
	}
}

// TestDepthwiseGradientShapesWithUnreadRows covers the case from the op's comments: a 32-wide
// input, 3×3, stride 2, padding 1 gives 16 outputs, and the gradients must still be 32 wide and
// 3×3, with stride-2/dilation-2 and odd sizes thrown in.
func TestDepthwiseGradientShapesWithUnreadRows(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct{ size, kernel, stride, dilation, padding int }{
		{32, 3, 2, 1, 1}, {31, 3, 2, 1, 1}, {9, 3, 2, 2, 2}, {10, 5, 2, 2, 4}, {8, 3, 3, 1, 0}, {7, 3, 2, 1, 0},
	} {
		x, w := randomTensor4(rng, 1, c.size, c.size, 2), randomTensor4(rng, c.kernel, c.kernel, 1, 2)
		_, dims := execute(t, backend, func(in []*graph.Node) []*graph.Node {
			y := DepthwiseConv2D(in[0], in[1], c.stride, c.dilation, c.padding)
			return append([]*graph.Node{y}, graph.Gradient(graph.ReduceAllSum(y), in[0], in[1])...)
		}, x.tensor(), w.tensor())
		o := convOutputSize(c.size, c.kernel, c.stride, c.dilation, c.padding)
		assertDims(t, fmt.Sprintf("%+v output", c), dims[0], 1, o, o, 2)
		assertDims(t, fmt.Sprintf("%+v dx", c), dims[1], 1, c.size, c.size, 2)
		assertDims(t, fmt.Sprintf("%+v dw", c), dims[2], c.kernel, c.kernel, 1, 2)
	}
}

func TestReverseSpatialAxesFallbackMatchesReverse(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(11, 12))
	w := randomTensor4(rng, 3, 2, 1, 2)
	got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return reverseSpatialAxes(in[0], 0, 1)
	}, w.tensor())
	want := newTensor4(3, 2, 1, 2)
	for i := 0; i < 3; i++ {
		for j := 0; j < 2; j++ {
			for c := 0; c < 2; c++ {
				want.set(i, j, 0, c, w.at(2-i, 1-j, 0, c))
			}
		}
	}
	assertClose(t, "reversed", got, want.data, 0)
}
