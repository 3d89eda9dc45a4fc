package search

import (
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// CrossEntropy is PyTorch's nn.CrossEntropyLoss (mean over the batch) on logits [N, K] and
// integer labels [N].
func CrossEntropy(logits, labels *graph.Node) *graph.Node {
	k := logits.Shape().Dimensions[1]
	logProbs := graph.LogSoftmax(logits, -1)
	oneHot := graph.OneHot(labels, k, logits.DType())
	return graph.Neg(graph.ReduceAllMean(graph.ReduceSum(graph.Mul(oneHot, logProbs), -1)))
}

// NumCorrect counts the rows whose largest logit is at the label, as a float32 scalar.
func NumCorrect(logits, labels *graph.Node) *graph.Node {
	pred := graph.ArgMax(logits, -1, labels.DType())
	return graph.ReduceAllSum(graph.ConvertDType(graph.Equal(pred, labels), dtypes.Float32))
}

// Loss adapts the network to the architect: batch is [images, labels]; the extra output is the
// number of correct predictions.
func (c Config) Loss(ctx *context.Context, batch []*graph.Node) (*graph.Node, []*graph.Node) {
	logits := c.Forward(ctx, batch[0])
	return CrossEntropy(logits, batch[1]), []*graph.Node{NumCorrect(logits, batch[1])}
}
