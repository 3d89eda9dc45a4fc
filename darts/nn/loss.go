package nn

import (
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// CrossEntropy is the mean cross-entropy of logits [N, K] against integer labels [N], with label
// smoothing ε (the reference's CrossEntropyLabelSmooth: targets (1-ε)·onehot + ε/K); ε = 0 is
// PyTorch's nn.CrossEntropyLoss, what the search and the evaluation's validation use.
func CrossEntropy(logits, labels *graph.Node, smoothing float64) *graph.Node {
	k := logits.Shape().Dimensions[1]
	logProbs := graph.LogSoftmax(logits, -1)
	targets := graph.OneHot(labels, k, logits.DType())
	if smoothing > 0 {
		targets = graph.AddScalar(graph.MulScalar(targets, 1-smoothing), smoothing/float64(k))
	}
	return graph.Neg(graph.ReduceAllMean(graph.ReduceSum(graph.Mul(targets, logProbs), -1)))
}

// NumCorrect counts the rows whose largest logit is at the label, as a float32 scalar.
func NumCorrect(logits, labels *graph.Node) *graph.Node {
	pred := graph.ArgMax(logits, -1, labels.DType())
	return graph.ReduceAllSum(graph.ConvertDType(graph.Equal(pred, labels), dtypes.Float32))
}
