package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// refFactorizedReduce composes the reference loops: ReLU, two 1×1 stride-2 convolutions (the
// second on the input shifted by one pixel), concatenated on channels.
func refFactorizedReduce(x, w1, w2 *tensor4) *tensor4 {
	n, h, w, c := x.dims[0], x.dims[1], x.dims[2], x.dims[3]
	activated, shifted := newTensor4(n, h, w, c), newTensor4(n, h-1, w-1, c)
	for b := 0; b < n; b++ {
		for i := 0; i < h; i++ {
			for j := 0; j < w; j++ {
				for ch := 0; ch < c; ch++ {
					v := math.Max(x.at(b, i, j, ch), 0)
					activated.set(b, i, j, ch, v)
					if i > 0 && j > 0 {
						shifted.set(b, i-1, j-1, ch, v)
					}
				}
			}
		}
	}
	a, s := refConv2D(activated, w1, 2, 1, 0, false), refConv2D(shifted, w2, 2, 1, 0, false)
	half := w1.dims[3]
	y := newTensor4(a.dims[0], a.dims[1], a.dims[2], 2*half)
	for b := 0; b < a.dims[0]; b++ {
		for i := 0; i < a.dims[1]; i++ {
			for j := 0; j < a.dims[2]; j++ {
				for o := 0; o < half; o++ {
					y.set(b, i, j, o, a.at(b, i, j, o))
					y.set(b, i, j, half+o, s.at(b, i, j, o))
				}
			}
		}
	}
	return y
}

func TestFactorizedReduceMatchesReference(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(29, 30))
	x := randomTensor4(rng, 2, 6, 8, 3)
	w1, w2 := randomTensor4(rng, 1, 1, 3, 2), randomTensor4(rng, 1, 1, 3, 2)
	got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return FactorizedReduce(in[0], in[1], in[2])
	}, x.tensor(), w1.tensor(), w2.tensor())
	assertDims(t, "FactorizedReduce", dims, 2, 3, 4, 4)
	assertClose(t, "FactorizedReduce", got, refFactorizedReduce(x, w1, w2).data, 1e-12)
}

func TestFactorizedReduceGradients(t *testing.T) {
	backend := testBackend(t)
	// GoMLX builds Slice's gradient with Pad and Convolve's input gradient with Reverse; it builds
	// the latter even when only the kernel's gradient is wanted.
	requireOps(t, backend, backends.OpTypePad, backends.OpTypeReverse)
	rng := rand.New(rand.NewPCG(31, 32))
	x := randomTensor4(rng, 2, 6, 4, 3)
	w1, w2 := randomTensor4(rng, 1, 1, 3, 2), randomTensor4(rng, 1, 1, 3, 2)
	requireGradients(t, func(in []*graph.Node) *graph.Node {
		return FactorizedReduce(in[0], in[1], in[2])
	}, input4("x", x), input4("w1", w1), input4("w2", w2))
}
