package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// poolCases use sizes where stride-2 windows both overlap the border and leave a remainder.
var poolCases = []struct{ h, w, stride int }{{5, 6, 1}, {7, 6, 2}, {8, 5, 2}}

func TestPool2DMatchesReference(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(17, 18))
	for _, isMax := range []bool{true, false} {
		for _, c := range poolCases {
			name := map[bool]string{true: "max", false: "avg"}[isMax]
			t.Run(fmt.Sprintf("%s/%dx%d/stride%d", name, c.h, c.w, c.stride), func(t *testing.T) {
				x := randomTensor4(rng, 2, c.h, c.w, 3)
				got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
					if isMax {
						return MaxPool2D(in[0], 3, c.stride, 1)
					}
					return AvgPool2D(in[0], 3, c.stride, 1)
				}, x.tensor())
				want := refPool2D(x, 3, c.stride, 1, isMax)
				assertDims(t, name, dims, want.dims[:]...)
				assertClose(t, name, got, want.data, 1e-12)
			})
		}
	}
}

func TestMaxPool2DPaddingNeverWins(t *testing.T) {
	backend := testBackend(t)
	x := newTensor4(1, 3, 3, 1)
	for i := range x.data {
		x.data[i] = -5 - float64(i) // All negative: zero padding would win every border window.
	}
	got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return MaxPool2D(in[0], 3, 1, 1)
	}, x.tensor())
	assertClose(t, "max pool", got, refPool2D(x, 3, 1, 1, true).data, 0)
}

func TestWindowCounts(t *testing.T) {
	// 5 wide, k=3, stride 2, padding 1: windows [-1,2), [1,4), [3,6) hold 2, 3 and 2 pixels.
	got := windowCounts1D(5, 3, 2, 1)
	if fmt.Sprint(got) != "[2 3 2]" {
		t.Fatalf("windowCounts1D(5, 3, 2, 1) = %v, want [2 3 2]", got)
	}
}

func TestPool2DGradients(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(19, 20))
	for _, isMax := range []bool{true, false} {
		for _, c := range poolCases {
			name := map[bool]string{true: "max", false: "avg"}[isMax]
			t.Run(fmt.Sprintf("%s/%dx%d/stride%d", name, c.h, c.w, c.stride), func(t *testing.T) {
				if isMax {
					requireOps(t, backend, backends.OpTypeSelectAndScatterMax) // GoMLX's max-pool gradient.
				} else {
					requireOps(t, backend, backends.OpTypePad) // GoMLX's sum-pool gradient.
				}
				x := randomTensor4(rng, 2, c.h, c.w, 2)
				requireGradients(t, func(in []*graph.Node) *graph.Node {
					if isMax {
						return MaxPool2D(in[0], 3, c.stride, 1)
					}
					return AvgPool2D(in[0], 3, c.stride, 1)
				}, input4("x", x))
			})
		}
	}
}
