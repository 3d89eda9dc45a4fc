package nn

import (
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// The batch norm paths that use the backend's batch norm ops (GoMLX's InternalBatchNorm*), taken
// when the backend reports them: a handful of fused kernels instead of ~15 graph ops and their
// gradients.

// hasOp reports whether x's backend implements op.
// onXLA reports whether x's graph is built for XLA, which fuses composed element-wise code itself
// and prefers static slices to one-element gathers.
func onXLA(x *graph.Node) bool { return x.Graph().Backend().Name() == "xla" }

func hasOp(x *graph.Node, op backends.OpType) bool {
	return x.Graph().Backend().Capabilities().Operations[op]
}

// scaleAndOffset returns gamma and beta, or ones and zeros in their place when nil: the backend
// ops always apply an affine transform. The ones and zeros are shared within a graph
// (channelConstant).
func scaleAndOffset(x, gamma, beta *graph.Node) (scale, offset *graph.Node) {
	c := x.Shape().Dimensions[3]
	scale, offset = gamma, beta
	if scale == nil {
		scale = channelConstant(x.Graph(), x.DType(), c, true)
	}
	if offset == nil {
		offset = channelConstant(x.Graph(), x.DType(), c, false)
	}
	return scale, offset
}

// batchNormTrainNative is BatchNormTrain on the backend op, with its biased variance. Its
// autodiff (XLA's BatchNormGrad) differentiates y through the batch statistics, as PyTorch does,
// but ignores gradients of the returned statistics, which BatchNormTrain therefore stops.
func batchNormTrainNative(x, gamma, beta *graph.Node, eps float64) (y, mean, varBiased *graph.Node) {
	scale, offset := scaleAndOffset(x, gamma, beta)
	return graph.InternalBatchNormForTraining(x, scale, offset, float32(eps), 3)
}

// batchNormInferNative is BatchNormInfer on the backend op. GoMLX has no gradient for that op, so
// it is wrapped in CustomVJP with the gradients written out: with a = gamma/√(var+eps) and
// sums over N, H and W,
//
//	dx = v·a,  dbeta = Σv,  dgamma = Σv·(x−mean)/√(var+eps),
//	dmean = −a·Σv,  dvar = −½·gamma·(var+eps)^(−3/2)·Σv·(x−mean).
func batchNormInferNative(x, runningMean, runningVar, gamma, beta *graph.Node, eps float64) *graph.Node {
	eps32 := float32(eps)
	scale, offset := scaleAndOffset(x, gamma, beta)
	forward := func(in []*graph.Node) *graph.Node {
		return graph.InternalBatchNormForInference(in[0], in[3], in[4], in[1], in[2], eps32, 3)
	}
	backward := func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
		x, mean, variance, scale := in[0], in[1], in[2], in[3]
		inv := inverseStdDev(variance, float64(eps32)) // the op's eps, exactly
		a := graph.Mul(scale, inv)
		sumV := graph.ReduceSum(v, 0, 1, 2)
		sumVc := graph.ReduceSum(graph.Mul(v, graph.Sub(x, broadcastableChannels(mean))), 0, 1, 2)
		grads := []*graph.Node{
			graph.Mul(v, broadcastableChannels(a)),
			graph.Neg(graph.Mul(a, sumV)),
			graph.MulScalar(graph.Mul(graph.Mul(scale, graph.Mul(inv, graph.Square(inv))), sumVc), -0.5),
			nil, nil, // gradients of the ones/zeros stand-ins are never needed
		}
		if gamma != nil {
			grads[3] = graph.Mul(sumVc, inv)
		}
		if beta != nil {
			grads[4] = sumV
		}
		return grads
	}
	return CustomVJP([]*graph.Node{x, runningMean, runningVar, scale, offset}, forward, backward)
}
