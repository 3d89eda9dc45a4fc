package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	timage "github.com/gomlx/gomlx/pkg/core/tensors/images"
)

// TestConv2DGradients checks Conv2D's gradients (GoMLX's for odd kernels, conv2DOwnGradient's for
// even ones) against finite differences, with explicit symmetric padding and strides that leave a
// remainder row/column.
func TestConv2DGradients(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(37, 38))
	for kernel := 1; kernel <= 5; kernel++ {
		for _, stride := range []int{1, 2} {
			t.Run(fmt.Sprintf("%dx%d/stride%d", kernel, kernel, stride), func(t *testing.T) {
				// Both gradients use Reverse, even when only the kernel's is wanted.
				requireOps(t, backend, backends.OpTypeReverse)
				x, w := randomTensor4(rng, 2, 7, 6, 3), randomTensor4(rng, kernel, kernel, 3, 2)
				requireGradients(t, func(in []*graph.Node) *graph.Node {
					return Conv2D(in[0], in[1], stride, 1, kernel/2)
				}, input4("x", x), input4("w", w))
			})
		}
	}
}

// convGradCase is one geometry of the written-out-sum gradient tests.
type convGradCase struct{ kernel, stride, dilation, padding, height, width int }

// convGradCases covers kernels 1…5 at strides 1 and 2 with no padding, PyTorch's "same" padding
// d(k−1)/2 and the largest padding that reads no all-zero window, plus dilation 2; heights and
// widths leave remainders under stride 2, and the CIFAR auxiliary head's case (2×2 on 2×2) is in.
func convGradCases() []convGradCase {
	var cases []convGradCase
	for kernel := 1; kernel <= 5; kernel++ {
		for _, stride := range []int{1, 2} {
			for _, dilation := range []int{1, 2} {
				reach := dilation * (kernel - 1)
				paddings := []int{0}
				if reach/2 > 0 {
					paddings = append(paddings, reach/2)
				}
				if reach > reach/2 {
					paddings = append(paddings, reach)
				}
				for _, padding := range paddings {
					cases = append(cases, convGradCase{kernel, stride, dilation, padding, 7 + reach, 6 + reach})
				}
			}
		}
	}
	// A padding beyond the kernel's reach (the transposed convolution crops), and the auxiliary head.
	return append(cases, convGradCase{1, 1, 1, 1, 4, 5}, convGradCase{2, 1, 1, 2, 4, 5}, convGradCase{2, 1, 1, 0, 2, 2})
}

// convGradients runs conv on float64 x and w and returns dx and dw of Σ y·v.
func convGradients(t *testing.T, conv func(x, w *graph.Node) *graph.Node, x, w, v *tensor4) (dx, dw []float64, dims [][]int) {
	t.Helper()
	flat, dims := execute(t, testBackend(t), func(in []*graph.Node) []*graph.Node {
		y := conv(in[0], in[1])
		return graph.Gradient(graph.ReduceAllSum(graph.Mul(y, in[2])), in[0], in[1])
	}, x.tensor(), w.tensor(), v.tensor())
	return flat[0], flat[1], dims
}

// TestConv2DOwnGradientMatchesReference checks conv2DOwnGradient's formulas for every kernel size,
// not only the even ones Conv2D routes to it, against the written-out sums in float64.
func TestConv2DOwnGradientMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, c := range convGradCases() {
		t.Run(fmt.Sprintf("%+v", c), func(t *testing.T) {
			// No Reverse needed: reverseSpatialAxes reassembles the kernel where a backend lacks it.
			x, w := randomTensor4(rng, 2, c.height, c.width, 3), randomTensor4(rng, c.kernel, c.kernel, 3, 4)
			y := refConv2D(x, w, c.stride, c.dilation, c.padding, false)
			v := randomTensor4(rng, y.dims[0], y.dims[1], y.dims[2], y.dims[3])
			geo := convGeometry{stride: c.stride, dilation: c.dilation, padding: c.padding}
			dx, dw, dims := convGradients(t, func(x, w *graph.Node) *graph.Node {
				return conv2DOwnGradient(x, w, geo)
			}, x, w, v)
			wantDx, wantDw := refConv2DGradients(x, w, v, c.stride, c.dilation, c.padding)
			assertDims(t, "dx", dims[0], x.dims[:]...)
			assertDims(t, "dw", dims[1], w.dims[:]...)
			assertClose(t, "dx", dx, wantDx.data, 1e-12)
			assertClose(t, "dw", dw, wantDw.data, 1e-12)
		})
	}
}

// TestConv2DGradientsMatchReference checks the public Conv2D (whichever gradient it routes to)
// against the written-out sums, for kernels 1…5 at strides 1 and 2 with the paddings DARTS uses
// and the cases only our gradient handles.
func TestConv2DGradientsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for _, c := range convGradCases() {
		t.Run(fmt.Sprintf("%+v", c), func(t *testing.T) {
			requireOps(t, testBackend(t), backends.OpTypeReverse)
			x, w := randomTensor4(rng, 2, c.height, c.width, 3), randomTensor4(rng, c.kernel, c.kernel, 3, 4)
			y := refConv2D(x, w, c.stride, c.dilation, c.padding, false)
			v := randomTensor4(rng, y.dims[0], y.dims[1], y.dims[2], y.dims[3])
			dx, dw, _ := convGradients(t, func(x, w *graph.Node) *graph.Node {
				return Conv2D(x, w, c.stride, c.dilation, c.padding)
			}, x, w, v)
			wantDx, wantDw := refConv2DGradients(x, w, v, c.stride, c.dilation, c.padding)
			assertClose(t, "dx", dx, wantDx.data, 1e-12)
			assertClose(t, "dw", dw, wantDw.data, 1e-12)
		})
	}
}

// TestGoMLXEvenKernelGradientIsStillShifted documents the GoMLX bug Conv2D works around: the raw
// graph.Convolve input gradient of a 2×2 kernel is the true one shifted one pixel up-left, with
// the last row and column zero. When an upgrade fixes it, this test fails: then Conv2D can drop
// gomlxConvGradientIsShifted and conv2DOwnGradient (or keep it only for stride with dilation).
func TestGoMLXEvenKernelGradientIsStillShifted(t *testing.T) {
	requireOps(t, testBackend(t), backends.OpTypeReverse)
	rng := rand.New(rand.NewPCG(45, 46))
	x, w := randomTensor4(rng, 1, 5, 5, 2), randomTensor4(rng, 2, 2, 2, 3)
	y := refConv2D(x, w, 1, 1, 0, false)
	v := randomTensor4(rng, y.dims[0], y.dims[1], y.dims[2], y.dims[3])
	dx, dw, _ := convGradients(t, func(x, w *graph.Node) *graph.Node {
		return graph.Convolve(x, w).ChannelsAxis(timage.ChannelsLast).NoPadding().Done()
	}, x, w, v)
	wantDx, wantDw := refConv2DGradients(x, w, v, 1, 1, 0)
	assertClose(t, "GoMLX's dw (right for even kernels)", dw, wantDw.data, 1e-12)

	got := &tensor4{dims: x.dims, data: dx}
	right, shifted := true, true
	for r := 0; r < 5; r++ {
		for c := 0; c < 5; c++ {
			for ch := 0; ch < 2; ch++ {
				g := got.at(0, r, c, ch)
				right = right && math.Abs(g-wantDx.at(0, r, c, ch)) < 1e-12
				want := 0.0 // The shifted gradient: true (r+1, c+1), zero in the last row and column.
				if r < 4 && c < 4 {
					want = wantDx.at(0, r+1, c+1, ch)
				}
				shifted = shifted && math.Abs(g-want) < 1e-12
			}
		}
	}
	switch {
	case right:
		t.Fatal("GoMLX now gets the 2×2 convolution's input gradient right: the workaround in nn.Conv2D " +
			"(gomlxConvGradientIsShifted → conv2DOwnGradient) can go")
	case !shifted:
		t.Fatalf("GoMLX's 2×2 input gradient is wrong in a new way (neither right nor shifted up-left): %v", dx)
	}
}
