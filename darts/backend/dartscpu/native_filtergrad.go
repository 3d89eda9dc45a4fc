package dartscpu

import (
	"slices"

	"github.com/dartsml/godarts/darts/backend/conv"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// pointwiseFilterGradient recognises the weight gradient of an ungrouped convolution as GoMLX
// writes it: a convolution of the input x with the output gradient v as the kernel, the roles of
// x's batch and channel axes swapped, the kernel as large as the input (so every output spatial
// size is 1). Then out[c, co] = Σ_m x[m, c]·v[m, co] over m = (n, h, w): one matrix product
// xᵀ·v on the data as it lies, where the general path transposes x and v to its canonical
// layout and runs im2col. DARTS's 1×1 convolutions (hundreds per search step) take this path.
//
// It reports false, leaving the convolution to the general path, unless x and v are laid out as
// [contracted axes..., free axis] with their contracted axes paired in the same order, the
// output's batch axis before its channel axis, unit strides and dilations, no padding and no
// grouping.
func (b *graphBuilder) pointwiseFilterGradient(in []*value, shape shapes.Shape, axes backends.ConvolveAxesConfig,
	strides []int, paddings [][2]int, inputDilations, kernelDilations []int, groups, batchGroups int) (backends.Op, bool, error) {
	x, k := in[0].shape, in[1].shape
	last := x.Rank() - 1
	if groups != 1 || batchGroups != 1 || k.Rank() != x.Rank() || axes.InputBatch != last || axes.OutputBatch > axes.OutputChannels ||
		axes.KernelOutputChannels != last || axes.InputChannels != axes.KernelInputChannels ||
		!slices.Equal(axes.InputSpatial, axes.KernelSpatial) {
		return nil, false, nil
	}
	for i, a := range axes.InputSpatial {
		if strides[i] != 1 || inputDilations[i] != 1 || kernelDilations[i] != 1 || paddings[i] != [2]int{} ||
			x.Dimensions[a] != k.Dimensions[a] {
			return nil, false, nil
		}
	}
	// The output's spatial axes have size 1 and its batch axis comes first: it is [c, co].
	c, co, m := x.Dimensions[last], k.Dimensions[last], x.Size()/max(x.Dimensions[last], 1)
	op, err := b.recordNative("ConvGeneral/pointwise-filter-grad", in, shape, func(ins []any, out any) error {
		switch xs := ins[0].(type) {
		case []float32:
			conv.PointwiseFilterGrad(c, co, m, xs, ins[1].([]float32), out.([]float32))
		case []float64:
			conv.PointwiseFilterGrad(c, co, m, xs, ins[1].([]float64), out.([]float64))
		}
		return nil
	})
	if err == nil {
		setFlops(op, 2*float64(c)*float64(co)*float64(m))
	}
	return op, true, err
}

// depthwiseFilterGradient recognises the kernel gradient of a 2-D depthwise convolution as
// darts/nn writes it (kernelGradientByBatchGroups): x [N, H, W, C] and the output gradient
// v [N, J1, J2, C] as the kernel, x's channel axis playing the batch and its batch axis the
// contracted channels, batch grouped by C, output [1, Q1, Q2, C]. conv.Conv would need x
// transposed to [C, H, W, N] and v to [J1, J2, N, C] and then take per-element dot products over
// N; conv.DepthwiseFilterGradNHWC reads both as they lie, channels innermost.
//
// It reports false, leaving the convolution to the general path, for any other axes layout,
// for grouping other than one batch group per channel, and for input dilation.
func (b *graphBuilder) depthwiseFilterGradient(in []*value, shape shapes.Shape, axes backends.ConvolveAxesConfig,
	strides []int, paddings [][2]int, inputDilations, kernelDilations []int, groups, batchGroups int) (backends.Op, bool, error) {
	x, k := in[0].shape, in[1].shape
	nhwc := []int{1, 2}
	if groups != 1 || batchGroups <= 1 || x.Rank() != 4 || k.Rank() != 4 ||
		axes.InputChannels != 0 || !slices.Equal(axes.InputSpatial, nhwc) || axes.InputBatch != 3 ||
		axes.KernelInputChannels != 0 || !slices.Equal(axes.KernelSpatial, nhwc) || axes.KernelOutputChannels != 3 ||
		axes.OutputBatch != 0 || !slices.Equal(axes.OutputSpatial, nhwc) || axes.OutputChannels != 3 {
		return nil, false, nil
	}
	p := &conv.Params{
		Batch: x.Dimensions[3], InSpatial: x.Dimensions[1:3], InChannels: x.Dimensions[0],
		KernelSpatial: k.Dimensions[1:3], OutChannels: k.Dimensions[3],
		Strides: slices.Clone(strides), Padding: slices.Clone(paddings),
		InputDilation: slices.Clone(inputDilations), KernelDilation: slices.Clone(kernelDilations),
		FeatureGroups: 1, BatchGroups: batchGroups,
	}
	p.InSpatial, p.KernelSpatial = slices.Clone(p.InSpatial), slices.Clone(p.KernelSpatial)
	if !conv.DepthwiseFilterGradNHWCSupported(p) {
		return nil, false, nil
	}
	op, err := b.recordNative("ConvGeneral/depthwise-filter-grad", in, shape, func(ins []any, out any) error {
		switch xs := ins[0].(type) {
		case []float32:
			conv.DepthwiseFilterGradNHWC(p, xs, ins[1].([]float32), out.([]float32))
		case []float64:
			conv.DepthwiseFilterGradNHWC(p, xs, ins[1].([]float64), out.([]float64))
		}
		return nil
	})
	if err == nil {
		setFlops(op, convFlops(shape.Size(), p.KernelSpatial, p.InChannels, inputDilations))
	}
	return op, true, err
}
