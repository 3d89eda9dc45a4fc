package evalnet

import (
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// DropPath zeroes whole examples of x with probability p (a scalar node, so the trainer can ramp it
// without recompiling) and scales the kept ones by 1/(1-p), as the reference's drop_path: a
// Bernoulli(1-p) mask per example, x/(1-p)·mask. With p = 0 it is the identity (the mask is all
// ones), though it still draws its random numbers.
func DropPath(ctx *context.Context, x, p *graph.Node) *graph.Node {
	g := x.Graph()
	keep := graph.OneMinus(graph.ConvertDType(p, x.DType()))
	dims := make([]int, x.Rank())
	for i := range dims {
		dims[i] = 1
	}
	dims[0] = x.Shape().Dimensions[0]
	u := ctx.RandomUniform(g, shapes.Make(x.DType(), dims...))
	mask := graph.Floor(graph.Add(u, keep)) // 1 with probability keep, else 0
	return graph.Mul(x, graph.Div(mask, keep))
}
