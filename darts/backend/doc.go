// Package backend provides the GoMLX backend that DARTS runs on, and chooses one.
//
// NewBackend picks, in order: the backend named by GOMLX_BACKEND; XLA when a PJRT plugin is already
// installed; else "darts-cpu", this package's CPU backend. It never downloads anything.
//
// The "darts-cpu" backend wraps GoMLX's pure-Go backend ("go"). Every op is recorded into a graph of
// our own; at Compile the graph is cut into steps: ops we run with our own kernels (convolutions,
// matrix products, Pad, Reverse, Transpose, SelectAndScatter) and, between them, segments of the
// remaining ops compiled and run by the pure-Go backend. This fills the gaps of the pure-Go backend
// (it lacks Pad, Reverse and SelectAndScatterMax, which the gradients of slices, convolutions and
// pools need) and replaces its slowest kernels, while every buffer stays a pure-Go backend buffer
// shared with the host, so no data is copied between the two.
package backend
