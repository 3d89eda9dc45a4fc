// Package search holds DARTS's continuous relaxation for convolutional cells: the mixed operation
// (a softmax(α)-weighted sum of every candidate op on an edge), the search cell (a DAG of nodes,
// each the sum of mixed ops on all earlier states), and the search network (a stem, a stack of
// normal and reduction cells sharing α_normal and α_reduce, global pooling and a classifier).
//
// Weights live in a GoMLX context; α lives under the scope ArchScope, so the bilevel optimiser can
// tell architecture parameters from network weights.
package search
