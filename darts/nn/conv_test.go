package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

func TestConv2DMatchesReference(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kernel := range []int{1, 3, 5} {
		for _, stride := range []int{1, 2} {
			padding := kernel / 2
			t.Run(fmt.Sprintf("%dx%d/stride%d", kernel, kernel, stride), func(t *testing.T) {
				// 7 is odd, so stride 2 leaves a trailing row/column that no window ends on.
				x, w := randomTensor4(rng, 2, 7, 6, 3), randomTensor4(rng, kernel, kernel, 3, 4)
				got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
					return Conv2D(in[0], in[1], stride, 1, padding)
				}, x.tensor(), w.tensor())
				want := refConv2D(x, w, stride, 1, padding, false)
				assertDims(t, "Conv2D", dims, want.dims[:]...)
				assertClose(t, "Conv2D", got, want.data, 1e-12)
			})
		}
	}
}

func TestConv2DDilatedAndUnpadded(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(3, 4))
	x, w := randomTensor4(rng, 1, 8, 8, 2), randomTensor4(rng, 3, 3, 2, 2)
	for _, c := range []struct{ dilation, padding int }{{2, 2}, {1, 0}, {2, 0}} {
		got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
			return Conv2D(in[0], in[1], 1, c.dilation, c.padding)
		}, x.tensor(), w.tensor())
		assertClose(t, fmt.Sprintf("Conv2D%+v", c), got, refConv2D(x, w, 1, c.dilation, c.padding, false).data, 1e-12)
	}
}

func TestConv2DFloat32(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(5, 6))
	x, w := randomTensor4(rng, 1, 5, 5, 2), randomTensor4(rng, 3, 3, 2, 3)
	got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return Conv2D(graph.ConvertDType(in[0], dtypes.Float32), graph.ConvertDType(in[1], dtypes.Float32), 2, 1, 1)
	}, x.tensor(), w.tensor())
	assertClose(t, "Conv2D float32", got, refConv2D(x, w, 2, 1, 1, false).data, 1e-5)
}
