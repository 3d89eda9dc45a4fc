package nn

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// WeightedSum is DARTS's mixed operation: Σ_i weights[i]·terms[i], where weights is an [n] vector
// (typically softmax(α) for one edge) and the n terms share one shape.
//
// Each weight is picked with a one-element Gather rather than Slice, because Slice's gradient is
// built from Pad, which GoMLX's pure-Go backend lacks; the gradient w.r.t. weights is what DARTS
// learns α by, so it has to work everywhere. On XLA, which has Pad, static slices are used.
func WeightedSum(weights *graph.Node, terms []*graph.Node) *graph.Node {
	if weights.Rank() != 1 || weights.Shape().Dimensions[0] != len(terms) || len(terms) == 0 {
		panic(fmt.Sprintf("nn.WeightedSum: want an [%d] weight vector for %d terms, got %s",
			len(terms), len(terms), weights.Shape()))
	}
	var sum *graph.Node
	for i, term := range terms {
		if !term.Shape().Equal(terms[0].Shape()) {
			panic(fmt.Sprintf("nn.WeightedSum: term %d is %s but term 0 is %s", i, term.Shape(), terms[0].Shape()))
		}
		weight := element(weights, i)
		weighted := graph.Mul(term, graph.ConvertDType(weight, term.DType()))
		if sum == nil {
			sum = weighted
		} else {
			sum = graph.Add(sum, weighted)
		}
	}
	return sum
}

// element returns v[i] of a vector as a one-element vector (see WeightedSum for why Gather).
func element(v *graph.Node, i int) *graph.Node {
	if onXLA(v) {
		return graph.Slice(v, graph.AxisElem(i))
	}
	return graph.Gather(v, graph.Const(v.Graph(), []int32{int32(i)}))
}
