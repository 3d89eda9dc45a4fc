package train

import (
	"fmt"
	"math/rand/v2"

	"github.com/dartsml/godarts/darts/genotype"
)

// PaperRandomSamples is how many random cells the paper's CIFAR-10 baseline trains briefly,
// keeping the best on validation (the best of 24 samples, table 1).
const PaperRandomSamples = 24

// SelectionEpochs is the paper's brief training of a candidate cell on CIFAR-10, for both the
// cell selection among searches and the random baseline: 100 epochs.
const SelectionEpochs = 100

// PaperSelection is the brief training that ranks candidate cells: the paper's evaluation
// network and schedule (PaperCIFAR) for SelectionEpochs epochs. g is replaced by each candidate.
func PaperSelection(g genotype.Genotype) Config {
	c := PaperCIFAR(g)
	c.Epochs = SelectionEpochs
	return c
}

// RandomCandidates draws n cells with genotype.RandomCNN (4 nodes, as the search space), named
// random00, random01, ...
func RandomCandidates(rng *rand.Rand, n int) []Candidate {
	cs := make([]Candidate, n)
	for i := range cs {
		g := genotype.RandomCNN(rng, 4)
		cs[i] = Candidate{Name: fmt.Sprintf("random%02d", i), Genotype: g, Repr: g.String()}
	}
	return cs
}
