// Package tensorops holds the data-movement kernels of the darts CPU backend: Transpose, Pad,
// Reverse and SelectAndScatter (the gradient of max/min pooling). The stock pure-Go GoMLX backend
// lacks Pad, Reverse and SelectAndScatter, yet autodiff emits them for the gradients of slices,
// convolution inputs and max pools, so our backend implements them here.
//
// Every kernel works on flat row-major slices plus a dims vector, and follows the XLA / GoMLX
// semantics documented in gomlx/backends/standard_ops.go. Kernels panic on inconsistent arguments
// (wrong slice lengths, invalid permutations): the backend validates shapes before calling, so a
// mismatch here is a programming error, not a user error. PadShape and WindowOutputShape let the
// backend compute output shapes (and report bad padding) before allocating.
//
// Performance notes: the kernels first simplify the problem (drop size-1 axes, merge axes that stay
// adjacent, fold untouched trailing axes into one contiguous run) so that the inner loops are
// copy() calls or cache-blocked tiles rather than per-element multi-index arithmetic.
package tensorops
