// Package backend provides the GoMLX backend that DARTS runs on, and chooses one.
//
// NewBackend picks, in order: the backend named by GOMLX_BACKEND; XLA when a PJRT plugin is already
// installed; else "darts-cpu", this package's CPU backend. It never downloads anything.
//
// The "darts-cpu" backend wraps GoMLX's pure-Go backend ("go"). Every op is recorded into a graph of
// our own; at Compile the graph is cut into steps: ops we run with our own kernels (convolutions,
// matrix products, batch norm, Pad, Reverse, Transpose, Slice, Concatenate, SelectAndScatter,
// fused groups of element-wise ops) and, between them, segments of the remaining ops compiled and
// run by the pure-Go backend. This fills the gaps of the pure-Go backend (it lacks Pad, Reverse and
// SelectAndScatterMax, which the gradients of slices, convolutions and pools need) and replaces its
// slowest kernels. Inputs, outputs and the values segments read are pure-Go backend buffers shared
// with the host, so no data is copied between the two; the values only our kernels write and read
// are placed by a static memory plan in one arena reused by every run (memplan.go).
package backend
