// Package search holds DARTS's continuous relaxation for convolutional cells: the mixed operation
// (a softmax(α)-weighted sum of every candidate op on an edge), the search cell (a DAG of nodes,
// each the sum of mixed ops on all earlier states), and the search network (a stem, a stack of
// normal and reduction cells sharing α_normal and α_reduce, global pooling and a classifier).
//
// Weights live in a GoMLX context; α lives under the scope ArchScope, so the bilevel optimiser can
// tell architecture parameters from network weights. On XLA the cell is built batched, a node's
// edges as one computation with their variables stored stacked (cell_batched.go); elsewhere edge
// by edge with per-edge variables. A Searcher converts between the two storages
// (formulation.go), so initial values and checkpoints carry over from one to the other.
//
// The search follows the reference code (quark0/darts cnn/) where it does something the paper
// does not say, with RunConfig options for the other choice: which forwards update batch-norm
// running statistics (BNStats), the schedule offset (ScheduleOffset) and the data split with its
// fresh α batches (Split); the TestReference... tests check a step against the reference's own
// numbers (testdata/gen_reference.py).
//
// PC-DARTS (Config.PartialChannels, Config.EdgeNorm, RunConfig.ArchWarmupEpochs; partial.go)
// follows its reference code (yuhuixu1993/PC-DARTS); PresetRunConfig starts a search from DARTS's
// or PC-DARTS's settings, and the TestReferencePCDARTS... tests check its network, gradients,
// steps and derivation against that code's numbers (testdata/gen_reference_pcdarts.py).
package search
