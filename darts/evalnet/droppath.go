package evalnet

import (
	"fmt"

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

// dropPaths is one network's drop path: the probability, and the given masks (Config.DropPathMasks)
// if any, handed out in the order the drop paths are built.
type dropPaths struct {
	prob  *graph.Node
	masks [][]float32
	next  int
}

// apply is DropPath, or, with given masks, x·mask/(1-p) with the next mask.
func (d *dropPaths) apply(ctx *context.Context, x *graph.Node) *graph.Node {
	if d.masks == nil {
		return DropPath(ctx, x, d.prob)
	}
	if d.next >= len(d.masks) {
		panic(fmt.Sprintf("evalnet: only %d drop-path masks given, the network has more drop paths", len(d.masks)))
	}
	m := d.masks[d.next]
	d.next++
	n := x.Shape().Dimensions[0]
	if len(m) != n {
		panic(fmt.Sprintf("evalnet: drop-path mask %d has %d entries for a batch of %d", d.next-1, len(m), n))
	}
	dims := make([]int, x.Rank())
	for i := range dims {
		dims[i] = 1
	}
	dims[0] = n
	mask := graph.ConvertDType(graph.Reshape(graph.Const(x.Graph(), m), dims...), x.DType())
	keep := graph.OneMinus(graph.ConvertDType(d.prob, x.DType()))
	return graph.Mul(x, graph.Div(mask, keep))
}
