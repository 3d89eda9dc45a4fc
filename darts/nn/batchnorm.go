package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// BatchNormTrain is PyTorch's BatchNorm2d in training mode on NHWC x: each channel is normalised
// with the mean and biased variance of the current batch (over N, H and W), then scaled by gamma
// and shifted by beta, both [C] and either may be nil (affine=False). As in PyTorch, y's
// gradients flow through the batch statistics (GoMLX's batchnorm layer stops them).
//
// It also returns the batch mean and the unbiased batch variance ([C] each), which PyTorch uses
// for the running statistics. They are for running averages only and carry no gradient: GoMLX's
// autodiff of the backend batch norm op ignores gradients arriving at its statistics, and the
// plain path returns them gradient-stopped, so gradients are the same on every backend (the
// backend op's statistics need no StopGradient nodes: hundreds fewer in a search graph).
//
// On backends with the batch norm ops (darts-cpu, XLA) it is one backend op (and its gradient one
// more); elsewhere it is built from plain graph ops. The backend op takes eps as a float32.
func BatchNormTrain(x, gamma, beta *graph.Node, eps float64) (y, mean, varUnbiased *graph.Node) {
	y, mean, variance, unbias := BatchNormTrainBiased(x, gamma, beta, eps)
	if unbias != 1 { // the backend op's biased variance
		return y, mean, graph.MulScalar(variance, unbias)
	}
	return y, mean, variance
}

// BatchNormTrainBiased is BatchNormTrain, except that the backend op's variance comes back
// biased, with the factor unbias = count/(count−1) that makes it PyTorch's unbiased one (the plain
// path's comes back unbiased, with unbias 1): a caller that scales it anyway, as a running
// average does with its momentum, folds the factor into its own constant, one graph node fewer
// per batch norm. The factor is exact in float64; folded, the product rounds once instead of
// twice.
func BatchNormTrainBiased(x, gamma, beta *graph.Node, eps float64) (y, mean, variance *graph.Node, unbias float64) {
	checkBatchNormArgs("BatchNormTrain", x, gamma, beta)
	dims := x.Shape().Dimensions
	count := dims[0] * dims[1] * dims[2]
	if count < 2 {
		panic(fmt.Sprintf("nn.BatchNormTrain: need more than one value per channel, got %s", x.Shape()))
	}
	if hasOp(x, backends.OpTypeBatchNormForTraining) {
		// The op's autodiff already drops its statistics' gradients: no StopGradient nodes.
		y, mean, variance = batchNormTrainNative(x, gamma, beta, eps)
		return y, mean, variance, float64(count) / float64(count-1)
	}
	y, mean, varUnbiased := batchNormTrainPlain(x, gamma, beta, eps)
	return y, graph.StopGradient(mean), graph.StopGradient(varUnbiased), 1
}

// batchNormTrainPlain is BatchNormTrain from plain graph ops; its statistics are differentiable.
func batchNormTrainPlain(x, gamma, beta *graph.Node, eps float64) (y, mean, varUnbiased *graph.Node) {
	dims := x.Shape().Dimensions
	count := dims[0] * dims[1] * dims[2]
	// Statistics are kept as [1, 1, 1, C] so they broadcast against x.
	keptMean := graph.ReduceAndKeep(x, graph.ReduceMean, 0, 1, 2)
	centred := graph.Sub(x, keptMean)
	keptVariance := graph.ReduceAndKeep(graph.Square(centred), graph.ReduceMean, 0, 1, 2)
	y = scaleAndShift(graph.Mul(centred, inverseStdDev(keptVariance, eps)), gamma, beta)
	mean = graph.Reshape(keptMean, dims[3])
	varUnbiased = graph.MulScalar(graph.Reshape(keptVariance, dims[3]), float64(count)/float64(count-1))
	return y, mean, varUnbiased
}

// BatchNormInfer is BatchNorm2d in evaluation mode: x normalised with the given running mean and
// variance ([C] each), then scaled by gamma and shifted by beta ([C] or nil). Gradients flow to
// every input. On backends with the batch norm ops it is one backend op (see BatchNormTrain).
func BatchNormInfer(x, runningMean, runningVar, gamma, beta *graph.Node, eps float64) *graph.Node {
	checkBatchNormArgs("BatchNormInfer", x, gamma, beta)
	checkBatchNormArgs("BatchNormInfer", x, runningMean, runningVar)
	if hasOp(x, backends.OpTypeBatchNormForInference) && !onXLA(x) {
		return batchNormInferNative(x, runningMean, runningVar, gamma, beta, eps)
	}
	return batchNormInferPlain(x, runningMean, runningVar, gamma, beta, eps)
}

func batchNormInferPlain(x, runningMean, runningVar, gamma, beta *graph.Node, eps float64) *graph.Node {
	normalised := graph.Mul(graph.Sub(x, broadcastableChannels(runningMean)),
		inverseStdDev(broadcastableChannels(runningVar), eps))
	return scaleAndShift(normalised, gamma, beta)
}

// inverseStdDev is 1/√(variance+eps), on the [.., C] statistics so that x itself only gets one
// multiplication. It avoids graph.Rsqrt, which GoMLX v0.26.0 cannot differentiate.
func inverseStdDev(variance *graph.Node, eps float64) *graph.Node {
	return graph.Reciprocal(graph.Sqrt(graph.AddScalar(variance, eps)))
}

// scaleAndShift applies the optional affine part.
func scaleAndShift(x, gamma, beta *graph.Node) *graph.Node {
	if gamma != nil {
		x = graph.Mul(x, broadcastableChannels(gamma))
	}
	if beta != nil {
		x = graph.Add(x, broadcastableChannels(beta))
	}
	return x
}

// broadcastableChannels reshapes a [C] vector to [1, 1, 1, C]: GoMLX broadcasts size-1 axes of
// equal-rank operands, but not a lower-rank operand against NHWC's last axis.
func broadcastableChannels(v *graph.Node) *graph.Node {
	return graph.Reshape(v, 1, 1, 1, v.Shape().Dimensions[0])
}

// checkBatchNormArgs checks x is NHWC and that the non-nil per-channel vectors are [C].
func checkBatchNormArgs(op string, x *graph.Node, perChannel ...*graph.Node) {
	if x.Rank() != 4 {
		panic(fmt.Sprintf("nn.%s: want a rank-4 NHWC input, got %s", op, x.Shape()))
	}
	channels := x.Shape().Dimensions[3]
	for _, v := range perChannel {
		if v != nil && (v.Rank() != 1 || v.Shape().Dimensions[0] != channels || v.DType() != x.DType()) {
			panic(fmt.Sprintf("nn.%s: per-channel parameters must be [%d] %s, got %s",
				op, channels, x.DType(), v.Shape()))
		}
	}
}
