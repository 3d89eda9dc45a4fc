package search

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
)

// GenotypeAt derives the genotype of the search after epoch (counted from 1, as the search
// prints epochs) from alphas.jsonl, as the search itself did at the end of that epoch: the cell
// a search stopped there would have given. The search's metrics.jsonl records the same genotype.
func (h *History) GenotypeAt(epoch int) (genotype.Genotype, error) {
	if epoch < 1 || epoch > len(h.Alphas) {
		return genotype.Genotype{}, fmt.Errorf("search: %s has epochs 1..%d, not %d", h.Dir, len(h.Alphas), epoch)
	}
	a := h.Alphas[epoch-1]
	net := h.Config.Net.withDefaults()
	normal, reduce := deriveWeights(a)
	return genotype.DeriveCNNWeights(normal, reduce, net.Steps, net.Multiplier)
}
