package bench

import (
	"strings"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// layerStep builds the timed graph of a layer op: y = op(x), loss = sum(y·r), and the gradients
// of the loss w.r.t. x and every weight. x and r are non-trainable variables, initialised once
// from N(0,1), so the calls take no host inputs and every call does exactly the same work.
// Training mode: batch norms use batch statistics, as in a search.
func layerStep(layer layerFn) func(ctx *context.Context, g *graph.Graph) []*graph.Node {
	return func(ctx *context.Context, g *graph.Graph) []*graph.Node {
		ctx.SetTraining(g, true)
		x := fixedInput(ctx, g, "x", imageDims(imageSize, channels))
		y := layer(ctx.In("op"), x)
		loss := fixedRandomLoss(ctx, y)
		wrt := []*graph.Node{x}
		for _, v := range weightVariables(ctx) {
			wrt = append(wrt, v.ValueGraph(g))
		}
		return append([]*graph.Node{loss}, graph.Gradient(loss, wrt...)...)
	}
}

// fixedInput is a non-trainable variable of random N(0,1) values.
func fixedInput(ctx *context.Context, g *graph.Graph, name string, dims []int) *graph.Node {
	v := ctx.InAbsPath("/"+benchScope).WithInitializer(initializers.RandomNormalFn(ctx, 1)).
		VariableWithShape(name, shapes.Make(ops.DType, dims...)).SetTrainable(false)
	return v.ValueGraph(g)
}

// fixedRandomLoss is sum(y·r) for a fixed random r shaped like y: its gradient w.r.t. y is r, a
// dense, non-degenerate cotangent (sum(y) alone would give batch norms a zero gradient).
func fixedRandomLoss(ctx *context.Context, y *graph.Node) *graph.Node {
	r := fixedInput(ctx, y.Graph(), "r", y.Shape().Dimensions)
	return graph.ReduceAllSum(graph.Mul(y, r))
}

// weightVariables lists the trainable variables outside α's scope: the op's weights.
func weightVariables(ctx *context.Context) []*context.Variable {
	var vars []*context.Variable
	for v := range ctx.IterVariables() {
		if v.Trainable && !strings.HasPrefix(v.Scope(), "/"+archScope) {
			vars = append(vars, v)
		}
	}
	return vars
}
