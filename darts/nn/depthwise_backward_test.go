package nn

import (
	"fmt"
	"github.com/gomlx/gomlx/backends"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// refDepthwiseKernelGradient is dw[k, c] = Σ_{n,o} v[n, o, c]·x[n, o·s + k·d − p, c].
func refDepthwiseKernelGradient(x, v *tensor4, kernel, stride, dilation, padding int) *tensor4 {
	dw := newTensor4(kernel, kernel, 1, x.dims[3])
	for ki := 0; ki < kernel; ki++ {
		for kj := 0; kj < kernel; kj++ {
			for c := 0; c < x.dims[3]; c++ {
				sum := 0.0
				for n := 0; n < v.dims[0]; n++ {
					for i := 0; i < v.dims[1]; i++ {
						for j := 0; j < v.dims[2]; j++ {
							r, col := i*stride+ki*dilation-padding, j*stride+kj*dilation-padding
							if r >= 0 && r < x.dims[1] && col >= 0 && col < x.dims[2] {
								sum += v.at(n, i, j, c) * x.at(n, r, col, c)
							}
						}
					}
				}
				dw.set(ki, kj, 0, c, sum)
			}
		}
	}
	return dw
}

// TestDepthwiseKernelGradientFormsMatchReference checks both ways of computing dw directly, so a
// backend whose batch grouping is wrong is caught here rather than as a vague gradient mismatch.
func TestDepthwiseKernelGradientFormsMatchReference(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(15, 16))
	forms := map[string]func(geo depthwiseGeometry, x, w, v *graph.Node, paddings [][2]int) *graph.Node{
		"batch-grouped":   depthwiseGeometry.kernelGradientByBatchGroups,
		"channel-grouped": depthwiseGeometry.kernelGradientByChannelGroups,
	}
	for name, form := range forms {
		for _, c := range []struct{ size, kernel, stride, dilation, padding int }{
			{6, 3, 1, 1, 1}, {7, 3, 2, 1, 1}, {8, 3, 2, 1, 1}, {9, 5, 2, 2, 4}, {8, 3, 2, 2, 2}, {7, 3, 2, 1, 0},
		} {
			t.Run(fmt.Sprintf("%s/%+v", name, c), func(t *testing.T) {
				if name == "batch-grouped" && batchGroupingIsBroken(backend) {
					t.Skipf("backend %q mishandles ConvGeneral's batchGroupCount (see batchGroupingIsBroken)", backend.Name())
				}
				o := convOutputSize(c.size, c.kernel, c.stride, c.dilation, c.padding)
				x, v := randomTensor4(rng, 2, c.size, c.size, 3), randomTensor4(rng, 2, o, o, 3)
				w := newTensor4(c.kernel, c.kernel, 1, 3)
				geo := depthwiseGeometry{stride: c.stride, dilation: c.dilation, padding: c.padding}
				got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
					return form(geo, in[0], in[1], in[2], geo.kernelGradientPaddings(in[0], in[1]))
				}, x.tensor(), w.tensor(), v.tensor())
				want := refDepthwiseKernelGradient(x, v, c.kernel, c.stride, c.dilation, c.padding)
				assertDims(t, "dw", dims, want.dims[:]...)
				assertClose(t, "dw", got, want.data, 1e-12)
			})
		}
	}
}

func TestStockGoBackendIsRecognised(t *testing.T) {
	stock, err := backends.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	if !batchGroupingIsBroken(stock) {
		t.Fatalf("the stock go backend is now called %q: update stockGoBackendName", stock.Name())
	}
}
