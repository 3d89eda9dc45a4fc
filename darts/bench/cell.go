package bench

import (
	"fmt"
	"strings"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/dartsml/godarts/darts/optim"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// The cell step replicates darts/search's normal search cell, which that package keeps
// unexported: both inputs preprocessed by ReLU-conv1×1-BN, 4 nodes each summing a mixed op on
// every earlier state (14 edges), every primitive but none on each edge (none adds exactly zero,
// as in darts/search), pools followed by a non-affine batch norm, and the last 4 states
// concatenated. Its inputs have C=16 channels like everything else in the table.
const (
	cellSteps      = 4
	cellMultiplier = 4
	cellEdges      = cellSteps * (cellSteps + 3) / 2
	benchScope     = "bench" // inputs and the fixed r: non-trainable variables
	archScope      = "arch"  // α, which the weight step leaves alone
)

// searchCell builds the cell on s0 and s1 with mixing weights softmax(α), α [14, 8].
func searchCell(ctx *context.Context, s0, s1, alpha *graph.Node) *graph.Node {
	s0 = ops.ReLUConvBN(ctx.In("preprocess0"), s0, channels, 1, 1, 0, false)
	s1 = ops.ReLUConvBN(ctx.In("preprocess1"), s1, channels, 1, 1, 0, false)
	weights := graph.Softmax(alpha, -1)
	states := []*graph.Node{s0, s1}
	edge := 0
	for range cellSteps {
		var sum *graph.Node
		for _, h := range states {
			w := graph.Reshape(graph.Slice(weights, graph.AxisElem(edge)), len(ops.Primitives))
			sum = addOrSet(sum, mixedOp(ctx.In(fmt.Sprintf("edge%d", edge)), h, w))
			edge++
		}
		states = append(states, sum)
	}
	return graph.Concatenate(states[len(states)-cellMultiplier:], -1)
}

// mixedOp is Σ_k w_k·op_k(x) over the primitives, "none" left out.
func mixedOp(ctx *context.Context, x, w *graph.Node) *graph.Node {
	var sum *graph.Node
	for k, name := range ops.Primitives {
		if name == "none" {
			continue
		}
		opCtx := ctx.In(name)
		y := ops.Table[name](opCtx, x, channels, 1, false)
		if strings.Contains(name, "pool") {
			y = ops.BatchNorm(opCtx, y, false)
		}
		sum = addOrSet(sum, graph.Mul(graph.Reshape(graph.Slice(w, graph.AxisElem(k))), y))
	}
	return sum
}

func addOrSet(sum, term *graph.Node) *graph.Node {
	if sum == nil {
		return term
	}
	return graph.Add(sum, term)
}

// cellStepSpec is the table's last row: one weight step of the cell, i.e. forward, the loss
// sum(y·r), gradients w.r.t. every weight and the paper's SGD update (momentum 0.9, weight decay
// 3e-4, lr 0.025), in training mode (batch statistics, running averages updated).
func cellStepSpec() opSpec {
	return opSpec{name: "search_cell_step", step: cellStep, outDims: imageDims(imageSize, cellMultiplier*channels),
		flops: cellFlops(), depthwise: true, slowStock: true}
}

func cellStep(ctx *context.Context, g *graph.Graph) []*graph.Node {
	ctx.SetTraining(g, true)
	s0 := fixedInput(ctx, g, "s0", imageDims(imageSize, channels))
	s1 := fixedInput(ctx, g, "s1", imageDims(imageSize, channels))
	alpha := ctx.InAbsPath("/"+archScope).WithInitializer(initializers.RandomNormalFn(ctx, 1e-3)).
		VariableWithShape("alpha", shapes.Make(ops.DType, cellEdges, len(ops.Primitives))).ValueGraph(g)
	y := searchCell(ctx.In("cell"), s0, s1, alpha)
	loss := fixedRandomLoss(ctx, y)
	vars := weightVariables(ctx)
	nodes := make([]*graph.Node, len(vars))
	for i, v := range vars {
		nodes[i] = v.ValueGraph(g)
	}
	grads := graph.Gradient(loss, nodes...)
	sgd := optim.SGD{Momentum: 0.9, WeightDecay: 3e-4}
	sgd.Update(ctx, vars, grads, graph.Scalar(g, ops.DType, 0.025))
	return []*graph.Node{loss}
}

// cellFlops counts the cell step's convolutions: per edge two depthwise+pointwise pairs for each
// sep_conv and one for each dil_conv; the two preprocessing 1×1 convolutions have no input
// gradient (the cell inputs are not differentiated), so they count 2/3.
func cellFlops() float64 {
	pointwise := convFlops(imageSize, channels, channels, 1)
	dw3, dw5 := convFlops(imageSize, 1, channels, 3), convFlops(imageSize, 1, channels, 5)
	perEdge := 2*(dw3+pointwise) + 2*(dw5+pointwise) + (dw3 + pointwise) + (dw5 + pointwise)
	return cellEdges*perEdge + 2*pointwise*2/3
}
