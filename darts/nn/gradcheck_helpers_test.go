package nn

import (
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"

	"github.com/dartsml/godarts/darts/internal/gradcheck"
)

// weightedLoss reduces y to Σ y·r with r a fixed, irregular pattern (sin of the flat index), so
// every output element carries a different weight: with a plain sum, many gradient errors (e.g.
// through batch statistics, or a flipped kernel) would cancel out or vanish.
func weightedLoss(y *graph.Node) *graph.Node {
	index := graph.IotaFull(y.Graph(), y.Shape())
	r := graph.Sin(graph.AddScalar(graph.MulScalar(index, 1.37), 0.4))
	return graph.ReduceAllSum(graph.Mul(y, r))
}

// input4 wraps a host tensor as a gradcheck input.
func input4(name string, x *tensor4) gradcheck.Input {
	return gradcheck.Input{Name: name, Data: x.data, Dims: x.dims[:]}
}

func inputVector(name string, v []float64) gradcheck.Input {
	return gradcheck.Input{Name: name, Data: v, Dims: []int{len(v)}}
}

// requireGradients checks the gradients of weightedLoss(op(inputs)) against finite differences.
func requireGradients(t *testing.T, op func(in []*graph.Node) *graph.Node, inputs ...gradcheck.Input) {
	t.Helper()
	gradcheck.Require(t, testBackend(t), func(in []*graph.Node) *graph.Node {
		return weightedLoss(op(in))
	}, inputs, gradcheck.Options{})
}
