package genotype

import "math/rand/v2"

// RandomCNN samples a cell pair uniformly from the DARTS search space, as the paper's random
// baseline: every node of each cell takes two distinct earlier states and, for each, one of
// CNNPrimitives other than "none"; the cell concatenates all its nodes. It lives here, with no
// network code, so that the figures' tests draw the same cells as the training's random baseline.
func RandomCNN(rng *rand.Rand, nodes int) Genotype {
	choices := CNNPrimitives[1:] // CNNPrimitives[0] is "none"
	cell := func() []Edge {
		var edges []Edge
		for i := range nodes {
			states := i + 2
			a := rng.IntN(states)
			b := rng.IntN(states - 1)
			if b >= a {
				b++
			}
			edges = append(edges, Edge{Op: choices[rng.IntN(len(choices))], From: a},
				Edge{Op: choices[rng.IntN(len(choices))], From: b})
		}
		return edges
	}
	concat := make([]int, nodes)
	for i := range concat {
		concat[i] = i + 2
	}
	return Genotype{Normal: cell(), NormalConcat: concat, Reduce: cell(), ReduceConcat: append([]int(nil), concat...)}
}
