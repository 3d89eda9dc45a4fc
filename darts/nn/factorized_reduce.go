package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// FactorizedReduce is DARTS's FactorizedReduce without its final BatchNorm (the caller adds it):
// relu(x), then two 1×1 stride-2 convolutions, one on the ReLU output and one on it shifted by
// one pixel (x[:, 1:, 1:, :]), concatenated on the channel axis. Together they halve the spatial
// size while seeing every pixel. w1 and w2 are [1, 1, Cin, Cout/2] each.
//
// As in PyTorch, the two halves only line up when height and width are even.
//
// The ReLU here is GoMLX's max(x, 0), whose gradient passes at x == 0 and is built from Sign
// ops; callers wanting PyTorch's ReLU gradient (darts/ops) apply their own and call
// FactorizedReduceOnReLU.
func FactorizedReduce(x, w1, w2 *graph.Node) *graph.Node {
	return FactorizedReduceOnReLU(graph.MaxScalar(x, 0), w1, w2)
}

// FactorizedReduceOnReLU is FactorizedReduce on an input already through its ReLU.
func FactorizedReduceOnReLU(x, w1, w2 *graph.Node) *graph.Node {
	if x.Rank() != 4 {
		panic(fmt.Sprintf("nn.FactorizedReduce: want a rank-4 NHWC input, got %s", x.Shape()))
	}
	if h, w := x.Shape().Dimensions[1], x.Shape().Dimensions[2]; h%2 != 0 || w%2 != 0 {
		panic(fmt.Sprintf("nn.FactorizedReduce: height and width must be even, got %s", x.Shape()))
	}
	for _, k := range []*graph.Node{w1, w2} {
		if k.Rank() != 4 || k.Shape().Dimensions[0] != 1 || k.Shape().Dimensions[1] != 1 {
			panic(fmt.Sprintf("nn.FactorizedReduce: kernels must be 1×1 HWIO, got %s and %s", w1.Shape(), w2.Shape()))
		}
	}
	shifted := graph.Slice(x, graph.AxisRange(), graph.AxisRange(1), graph.AxisRange(1), graph.AxisRange())
	return graph.Concatenate([]*graph.Node{
		Conv2D(x, w1, 2, 1, 0),
		Conv2D(shifted, w2, 2, 1, 0),
	}, 3)
}
