package evalnet

import (
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// auxiliaryHead is the reference's auxiliary classifier on the output of cell 2L/3 (8×8 on
// CIFAR-10, 7×7 on ImageNet): ReLU, 5×5 average pool (stride 3 on CIFAR, 2 on ImageNet, no
// padding), 1×1 conv to 128, BN, ReLU, 2×2 conv to 768, [BN: CIFAR only, as the reference, whose
// ImageNet head omits it], ReLU, linear. The features are flattened, so other input sizes work too
// (with more inputs to the linear layer). It takes the ReLU of the cell's output, relu, which the
// next cell's preprocessing shares (see reluMemo).
func auxiliaryHead(ctx *context.Context, relu *graph.Node, numClasses, poolStride int, bnAfter768 bool) *graph.Node {
	x := nn.AvgPool2D(relu, 5, poolStride, 0)
	x = ops.Conv(ctx.In("conv1"), x, 128, 1, 1, 0, 1)
	x = ops.ReLU(ops.BatchNorm(ctx.In("bn1"), x, true))
	x = ops.Conv(ctx.In("conv2"), x, 768, 2, 1, 0, 1)
	if bnAfter768 {
		x = ops.BatchNorm(ctx.In("bn2"), x, true)
	}
	x = ops.ReLU(x)
	flat := graph.Reshape(x, x.Shape().Dimensions[0], -1)
	return ops.Linear(ctx.In("classifier"), flat, numClasses)
}
