package ops

import "github.com/gomlx/gomlx/pkg/core/graph"

// ReLU is max(x, 0) with PyTorch's gradient: 0 where x <= 0. (GoMLX's Max passes the gradient at
// ties, i.e. at x == 0, and also builds a gradient for the constant 0.) Written as x·[x>0] with the
// indicator outside autodiff, so the backward pass is a single multiply by the saved mask.
func ReLU(x *graph.Node) *graph.Node {
	mask := graph.ConvertDType(graph.GreaterThan(x, graph.ScalarZero(x.Graph(), x.DType())), x.DType())
	return graph.Mul(x, graph.StopGradient(mask))
}
