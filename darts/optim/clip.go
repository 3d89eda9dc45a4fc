package optim

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// ClipByGlobalNorm is torch.nn.utils.clip_grad_norm_: when the global L2 norm of all gradients
// exceeds maxNorm, every gradient is scaled by maxNorm/(norm+1e-6). It returns the clipped
// gradients and the norm before clipping.
func ClipByGlobalNorm(grads []*graph.Node, maxNorm float64) (clipped []*graph.Node, norm *graph.Node) {
	norm = GlobalNorm(grads)
	return ClipByNorm(grads, norm, maxNorm), norm
}

// ClipByNorm is ClipByGlobalNorm given the global norm already computed (GlobalNorm(grads)), so
// that a caller reporting the norm does not build it twice (three graph nodes per gradient).
func ClipByNorm(grads []*graph.Node, norm *graph.Node, maxNorm float64) []*graph.Node {
	coef := graph.Div(graph.Scalar(norm.Graph(), norm.DType(), maxNorm), graph.AddScalar(norm, 1e-6))
	coef = graph.MinScalar(coef, 1.0)
	clipped := make([]*graph.Node, len(grads))
	for i, gr := range grads {
		clipped[i] = graph.Mul(gr, graph.ConvertDType(coef, gr.DType()))
	}
	return clipped
}

// GlobalNorm is √(Σ_i ‖g_i‖²).
func GlobalNorm(grads []*graph.Node) *graph.Node {
	var sum *graph.Node
	for _, gr := range grads {
		s := graph.ReduceAllSum(graph.Square(gr))
		if sum == nil {
			sum = s
		} else {
			sum = graph.Add(sum, graph.ConvertDType(s, sum.DType()))
		}
	}
	return graph.Sqrt(sum)
}
