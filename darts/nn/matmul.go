package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// MatMul is a·b for matrices a [I, J] and b [J, K], with the gradients as matrix products too:
// dL/da = v·bᵀ and dL/db = aᵀ·v. GoMLX v0.26 differentiates Dot by broadcasting v against the
// other operand into an [I, J, K] tensor and summing it, which is fine for a small classifier and
// impossible for a language model's decoder ([8960, 300, 10000] at the paper's size: 107 GB).
func MatMul(a, b *graph.Node) *graph.Node {
	if a.Rank() != 2 || b.Rank() != 2 || a.Shape().Dimensions[1] != b.Shape().Dimensions[0] {
		panic(fmt.Sprintf("nn.MatMul: want [I, J]·[J, K], got %s·%s", a.Shape(), b.Shape()))
	}
	return CustomVJP([]*graph.Node{a, b},
		func(in []*graph.Node) *graph.Node { return graph.Dot(in[0], in[1]) },
		func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
			return []*graph.Node{
				graph.Dot(v, graph.Transpose(in[1], 0, 1)),
				graph.Dot(graph.Transpose(in[0], 0, 1), v),
			}
		})
}
