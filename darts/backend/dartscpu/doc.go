// Package dartscpu is the "darts-cpu" GoMLX backend, the engine DARTS runs on without a GPU
// (package darts/backend chooses between it and XLA). It registers with GoMLX when imported and
// keeps its graph builder, executable and backend type unexported: callers see backends.Backend.
// Its kernels live beside it in darts/backend/conv, gemm, tensorops and vec, which know nothing
// of GoMLX.
//
// The backend wraps GoMLX's pure-Go backend ("go"). Every op is recorded into a graph of
// our own; at Compile the graph is cut into steps: ops we run with our own kernels (convolutions,
// matrix products, batch norm, Pad, Reverse, Transpose, Slice, Concatenate, SelectAndScatter,
// fused groups of element-wise ops) and, between them, segments of the remaining ops compiled and
// run by the pure-Go backend. This fills the gaps of the pure-Go backend (it lacks Pad, Reverse and
// SelectAndScatterMax, which the gradients of slices, convolutions and pools need) and replaces its
// slowest kernels. Inputs, outputs and the values segments read are pure-Go backend buffers shared
// with the host, so no data is copied between the two; the values only our kernels write and read
// are placed by a static memory plan in one arena reused by every run (memplan.go).
//
// Before cutting the graph, Compile rewrites what autodiff builds around matrix products, each
// rewrite in its own file and tested against the graph as recorded ("no-dot-rewrites"): the
// transpose of a product becomes the swapped product (transpose_product.go); a sum of shallow
// products becomes one product over their stacked contracting axes, and a sum of zero-padded
// pieces that tile an axis their concatenation (sums.go, dot_sum.go, pad_sum.go); and an operand
// that several products read in the same layout is packed once for all of them (dot_prepack.go).
// After them, native ops read a Reshape's operand directly: no copy (reshape_bypass.go).
// An unrolled recurrent network is where they matter: its weights are read at every time step.
package dartscpu
