// Package nn holds the functional graph ops DARTS is built from, with PyTorch semantics so results
// can be compared with the reference implementation (quark0/darts).
//
// Conventions:
//   - images are NHWC ([batch, height, width, channels]); kernels are HWIO
//     ([kernel height, kernel width, input channels, output channels]); a depthwise kernel is
//     [kh, kw, 1, channels] (PyTorch's groups = channels);
//   - padding is explicit and symmetric, as PyTorch's padding=p (not TensorFlow's 'SAME');
//   - ops work in the dtype of their inputs (float32 for search, float64 for gradient checks).
//
// Ops are plain functions of *graph.Node; parameters (weights, running statistics) belong to the
// caller. Where GoMLX's automatic gradient is slow or unavailable, an op supplies its own through
// CustomVJP, which any op with a hand-written backward pass can reuse.
package nn
