// Package conv computes XLA's ConvGeneralDilated on the CPU, in one canonical memory layout.
//
// The GoMLX backend transposes every ConvGeneral operand to this layout before calling [Conv]:
//
//	input  [N, S_1..S_d, Cin]                       (channels innermost, "NHWC")
//	kernel [K_1..K_d, Cin/FeatureGroups, Cout]       (or [K..., Cin, Cout] with BatchGroups > 1)
//	output [N/BatchGroups, O_1..O_d, Cout]
//
// and all strides, paddings (possibly negative), input (lhs) dilations, kernel (rhs) dilations,
// feature groups and batch groups follow XLA's semantics exactly; see [Params].
//
// Keeping channels innermost means every inner loop runs over contiguous memory, which is what
// makes the direct loops below fast without SIMD intrinsics.
//
// # Paths
//
// [Conv] picks one of several implementations; all of them are tested against a naive loop
// written straight from the definition:
//
//   - pointwise: a dense 1×1 convolution without stride, padding or dilation is one matrix
//     product per group, done directly on the input (no copies): for float32 on AVX-512 by
//     12-row register tiles (pointwiseMul, bit for bit gemm's values), otherwise by package gemm.
//   - 1×1 kernel gradient: [PointwiseFilterGrad] (xᵀ·dy over all pixels), which the backend
//     calls directly; for float32 on AVX-512 register tiles that read x and dy as they lie
//     (pointwiseGradTiles), otherwise a transposed-A gemm, in fixed pixel slices either way.
//   - depthwise: FeatureGroups == Cin (one input channel per group, any channel multiplier),
//     including the transposed form used for the input gradient (input dilation = stride).
//     Direct loops over the valid kernel taps only, channels innermost (for float32, the sum
//     over taps of whole channel vectors runs in AVX2 assembly; stride 1 without input dilation
//     takes a row-wise vectorised loop instead).
//   - depthwise filter gradient: BatchGroups > 1 with one output channel per group, the form
//     XLA uses to compute a depthwise kernel's gradient (input = x transposed to [C, S..., N],
//     kernel = dy as [O..., N, C]). A direct dot-product loop per channel.
//     [DepthwiseFilterGradNHWC] computes the same from x and dy as the forward pass left them
//     ([N, H, W, C], channels innermost), which the backend uses: each output channel vector is
//     a strided sum of products of contiguous channel vectors (AVX2 assembly for float32).
//   - general: everything else. Patches of a bounded number of output rows are gathered
//     (im2col) into a pooled scratch buffer and multiplied by the kernel with gemm.
//
// Work is split over goroutines (up to GOMAXPROCS) when the problem is large enough to pay for
// it.
package conv
