package genotype

import (
	"fmt"
	"slices"
	"strings"
)

// The published cells, transcribed as data from the reference's genotypes.py (cnn and rnn).
// Lookup returns copies, so these stay as published.

func edgePairs(pairs ...any) []Edge {
	edges := make([]Edge, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		edges = append(edges, Edge{Op: pairs[i].(string), From: pairs[i+1].(int)})
	}
	return edges
}

var builtinCNN = map[string]Genotype{
	// DARTS second order (the paper's reported cell).
	"DARTS_V2": {
		Normal: edgePairs(
			"sep_conv_3x3", 0, "sep_conv_3x3", 1,
			"sep_conv_3x3", 0, "sep_conv_3x3", 1,
			"sep_conv_3x3", 1, "skip_connect", 0,
			"skip_connect", 0, "dil_conv_3x3", 2),
		NormalConcat: []int{2, 3, 4, 5},
		Reduce: edgePairs(
			"max_pool_3x3", 0, "max_pool_3x3", 1,
			"skip_connect", 2, "max_pool_3x3", 1,
			"max_pool_3x3", 0, "skip_connect", 2,
			"skip_connect", 2, "max_pool_3x3", 1),
		ReduceConcat: []int{2, 3, 4, 5},
	},
	// DARTS first order.
	"DARTS_V1": {
		Normal: edgePairs(
			"sep_conv_3x3", 1, "sep_conv_3x3", 0,
			"skip_connect", 0, "sep_conv_3x3", 1,
			"skip_connect", 0, "sep_conv_3x3", 1,
			"sep_conv_3x3", 0, "skip_connect", 2),
		NormalConcat: []int{2, 3, 4, 5},
		Reduce: edgePairs(
			"max_pool_3x3", 0, "max_pool_3x3", 1,
			"skip_connect", 2, "max_pool_3x3", 0,
			"max_pool_3x3", 0, "skip_connect", 2,
			"skip_connect", 2, "avg_pool_3x3", 0),
		ReduceConcat: []int{2, 3, 4, 5},
	},
	// NASNet-A (Zoph et al. 2018) in DARTS notation: 5 nodes, unused states concatenated.
	"NASNet": {
		Normal: edgePairs(
			"sep_conv_5x5", 1, "sep_conv_3x3", 0,
			"sep_conv_5x5", 0, "sep_conv_3x3", 0,
			"avg_pool_3x3", 1, "skip_connect", 0,
			"avg_pool_3x3", 0, "avg_pool_3x3", 0,
			"sep_conv_3x3", 1, "skip_connect", 1),
		NormalConcat: []int{2, 3, 4, 5, 6},
		Reduce: edgePairs(
			"sep_conv_5x5", 1, "sep_conv_7x7", 0,
			"max_pool_3x3", 1, "sep_conv_7x7", 0,
			"avg_pool_3x3", 1, "sep_conv_5x5", 0,
			"skip_connect", 3, "avg_pool_3x3", 2,
			"sep_conv_3x3", 2, "max_pool_3x3", 1),
		ReduceConcat: []int{4, 5, 6},
	},
	// AmoebaNet-A (Real et al. 2019) in DARTS notation.
	"AmoebaNet": {
		Normal: edgePairs(
			"avg_pool_3x3", 0, "max_pool_3x3", 1,
			"sep_conv_3x3", 0, "sep_conv_5x5", 2,
			"sep_conv_3x3", 0, "avg_pool_3x3", 3,
			"sep_conv_3x3", 1, "skip_connect", 1,
			"skip_connect", 0, "avg_pool_3x3", 1),
		NormalConcat: []int{4, 5, 6},
		Reduce: edgePairs(
			"avg_pool_3x3", 0, "sep_conv_3x3", 1,
			"max_pool_3x3", 0, "sep_conv_7x7", 2,
			"sep_conv_7x7", 0, "avg_pool_3x3", 1,
			"max_pool_3x3", 0, "max_pool_3x3", 1,
			"conv_7x1_1x7", 0, "sep_conv_3x3", 5),
		ReduceConcat: []int{3, 4, 6},
	},
}

var builtinRecurrent = map[string]Recurrent{
	// DARTS second order, the paper's PTB cell.
	"DARTS_V2": {
		Edges: edgePairs(
			"sigmoid", 0, "relu", 1, "relu", 1, "identity", 1,
			"tanh", 2, "sigmoid", 5, "tanh", 3, "relu", 5),
		Concat: []int{1, 2, 3, 4, 5, 6, 7, 8},
	},
	// DARTS first order.
	"DARTS_V1": {
		Edges: edgePairs(
			"relu", 0, "relu", 1, "tanh", 2, "relu", 3,
			"relu", 4, "identity", 1, "relu", 5, "relu", 1),
		Concat: []int{1, 2, 3, 4, 5, 6, 7, 8},
	},
	// ENAS (Pham et al. 2018): 11 nodes, averaging only the states nothing else reads.
	"ENAS": {
		Edges: edgePairs(
			"tanh", 0, "tanh", 1, "relu", 1, "tanh", 3,
			"tanh", 3, "relu", 3, "relu", 4, "relu", 7,
			"relu", 8, "relu", 8, "relu", 8),
		Concat: []int{2, 5, 6, 9, 10, 11},
	},
}

// builtinAliases are names the reference defines as another cell: DARTS is DARTS_V2 in both
// cnn/genotypes.py and rnn/genotypes.py.
var builtinAliases = map[string]string{"DARTS": "DARTS_V2"}

// CNNNames lists the built-in CNN genotype names accepted by Lookup, sorted, aliases included.
func CNNNames() []string { return builtinNames(builtinCNN) }

// RecurrentNames lists the built-in recurrent genotype names accepted by LookupRecurrent.
func RecurrentNames() []string { return builtinNames(builtinRecurrent) }

func builtinNames[T any](table map[string]T) []string {
	var names []string
	for name := range table {
		names = append(names, name)
	}
	for alias, target := range builtinAliases {
		if _, ok := table[target]; ok {
			names = append(names, alias)
		}
	}
	slices.Sort(names)
	return names
}

// canonicalName resolves aliases and matches case-insensitively (darts_v2 works), because names
// come from command lines and config files.
func canonicalName[T any](table map[string]T, name string) (string, bool) {
	name = strings.TrimSpace(name)
	for alias, target := range builtinAliases {
		if strings.EqualFold(alias, name) {
			name = target
		}
	}
	for known := range table {
		if strings.EqualFold(known, name) {
			return known, true
		}
	}
	return "", false
}

// Lookup returns a copy of the built-in CNN genotype called name: DARTS_V1, DARTS_V2 (alias
// DARTS), NASNet or AmoebaNet. Case does not matter.
func Lookup(name string) (Genotype, error) {
	key, ok := canonicalName(builtinCNN, name)
	if !ok {
		return Genotype{}, fmt.Errorf("genotype: no built-in CNN genotype %q; known: %s", name, strings.Join(CNNNames(), ", "))
	}
	return builtinCNN[key].Clone(), nil
}

// LookupRecurrent returns a copy of the built-in recurrent genotype called name: DARTS (the
// paper's cell, alias of DARTS_V2), DARTS_V1 or ENAS. Case does not matter.
func LookupRecurrent(name string) (Recurrent, error) {
	key, ok := canonicalName(builtinRecurrent, name)
	if !ok {
		return Recurrent{}, fmt.Errorf("genotype: no built-in recurrent genotype %q; known: %s", name, strings.Join(RecurrentNames(), ", "))
	}
	return builtinRecurrent[key].Clone(), nil
}
