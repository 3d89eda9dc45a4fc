package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func TestWeightedSum(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(33, 34))
	a, b, c := randomTensor4(rng, 1, 2, 2, 3), randomTensor4(rng, 1, 2, 2, 3), randomTensor4(rng, 1, 2, 2, 3)
	weights := []float64{0.5, -2, 0.25}
	got, dims := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return WeightedSum(in[0], in[1:])
	}, tensors.FromValue(weights), a.tensor(), b.tensor(), c.tensor())
	want := make([]float64, len(a.data))
	for i := range want {
		want[i] = weights[0]*a.data[i] + weights[1]*b.data[i] + weights[2]*c.data[i]
	}
	assertDims(t, "WeightedSum", dims, 1, 2, 2, 3)
	assertClose(t, "WeightedSum", got, want, 1e-12)
}

// TestWeightedSumGradients includes the gradient w.r.t. α through a softmax, which is how
// DARTS learns its architecture.
func TestWeightedSumGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	a, b, c := randomTensor4(rng, 2, 3, 3, 2), randomTensor4(rng, 2, 3, 3, 2), randomTensor4(rng, 2, 3, 3, 2)
	t.Run("weights and terms", func(t *testing.T) {
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			return WeightedSum(in[0], in[1:])
		}, inputVector("w", []float64{0.3, -1.2, 0.8}), input4("a", a), input4("b", b), input4("c", c))
	})
	t.Run("alpha through softmax", func(t *testing.T) {
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			// The terms depend on α's consumer only through the mixture, as in a DARTS edge; a
			// nonlinearity of the result keeps the α gradient from being linear in the terms.
			mixed := WeightedSum(graph.Softmax(in[0]), in[1:])
			return graph.Tanh(mixed)
		}, inputVector("alpha", []float64{0.1, -0.5, 1.3}), input4("a", a), input4("b", b), input4("c", c))
	})
}
