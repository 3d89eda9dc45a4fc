package search

import (
	"slices"

	"github.com/dartsml/godarts/darts/genotype"
)

// ParameterFreeOps are the candidate ops without weights. DARTS is known to drift towards them
// (skip_connect above all) when α is fitted on the data the weights see too, or for too long:
// their share is the quickest summary of where α went.
var ParameterFreeOps = []string{"none", "max_pool_3x3", "avg_pool_3x3", "skip_connect"}

// MeanOpWeights averages a cell's softmax(α) rows ([edge][op]) over its edges: how much weight
// each op gets in the cell as a whole.
func MeanOpWeights(w [][]float64) []float64 {
	if len(w) == 0 {
		return nil
	}
	mean := make([]float64, len(w[0]))
	for _, row := range w {
		for op, v := range row {
			mean[op] += v
		}
	}
	for op := range mean {
		mean[op] /= float64(len(w))
	}
	return mean
}

// OpShare is the softmax weight that ops (names from primitives, the α columns) get together,
// averaged over the cell's edges: 1 means every edge is entirely those ops, and a uniform α
// gives len(ops)/len(primitives).
func OpShare(w [][]float64, primitives []string, ops ...string) float64 {
	var share float64
	for op, v := range MeanOpWeights(w) {
		if slices.Contains(ops, primitives[op]) {
			share += v
		}
	}
	return share
}

// CountOps counts the edges of a derived cell whose op is one of ops.
func CountOps(edges []genotype.Edge, ops ...string) int {
	n := 0
	for _, e := range edges {
		if slices.Contains(ops, e.Op) {
			n++
		}
	}
	return n
}
