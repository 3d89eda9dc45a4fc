package dartscpu

import (
	"slices"

	"github.com/dartsml/godarts/darts/backend/conv"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// pointwiseFilterGradient recognises the weight gradient of an ungrouped convolution as GoMLX
// writes it: a convolution of the input x with the output gradient v as the kernel, the roles of
// x's batch and channel axes swapped, the kernel covering the input (so every output spatial
// size is 1). Then out[c, co] = Σ_m x[m, c]·v[m, co] over m = (n, h, w): one matrix product
// xᵀ·v on the data as it lies, where the general path transposes x and v to its canonical
// layout and runs im2col. DARTS's 1×1 convolutions (hundreds per search step) take this path.
// A strided 1×1 convolution (FactorizedReduce) gives the same form with kernel dilation = its
// stride and perhaps a cropping padding: then the rows of x it read are gathered first.
//
// It reports false, leaving the convolution to the general path, unless x and v are laid out as
// [contracted axes..., free axis] with their contracted axes paired in the same order, the
// output's batch axis before its channel axis and its spatial sizes 1, no input dilation, every
// kernel tap on a real input element, and no grouping.
func (b *graphBuilder) pointwiseFilterGradient(in []*value, shape shapes.Shape, axes backends.ConvolveAxesConfig,
	strides []int, paddings [][2]int, inputDilations, kernelDilations []int, groups, batchGroups int) (backends.Op, bool, error) {
	x, k := in[0].shape, in[1].shape
	last := x.Rank() - 1
	if groups != 1 || batchGroups != 1 || k.Rank() != x.Rank() || axes.InputBatch != last || axes.OutputBatch > axes.OutputChannels ||
		axes.KernelOutputChannels != last || axes.InputChannels != axes.KernelInputChannels ||
		!slices.Equal(axes.InputSpatial, axes.KernelSpatial) {
		return nil, false, nil
	}
	// Row j of v (per contracted axis) meets row scale·j + offset of x.
	scale, offset := make([]int, last), make([]int, last)
	scale[axes.InputChannels] = 1
	inPlace := true
	for i, a := range axes.InputSpatial {
		scale[a], offset[a] = kernelDilations[i], -paddings[i][0]
		lastRow := (k.Dimensions[a]-1)*scale[a] + offset[a]
		if inputDilations[i] != 1 || shape.Dimensions[axes.OutputSpatial[i]] != 1 || offset[a] < 0 || lastRow >= x.Dimensions[a] ||
			k.Dimensions[a] == 0 {
			return nil, false, nil
		}
		inPlace = inPlace && scale[a] == 1 && offset[a] == 0 && k.Dimensions[a] == x.Dimensions[a]
	}
	// The output's spatial axes have size 1 and its batch axis comes first: it is [c, co].
	c, co, m := x.Dimensions[last], k.Dimensions[last], k.Size()/max(k.Dimensions[last], 1)
	xDims, vDims := slices.Clone(x.Dimensions), slices.Clone(k.Dimensions)
	name := "ConvGeneral/pointwise-filter-grad"
	if !inPlace {
		name += "+gather"
	}
	op, err := b.recordNative(name, in, shape, func(ins []any, out any) error {
		switch xs := ins[0].(type) {
		case []float32:
			pointwiseFilterGrad(xs, ins[1].([]float32), out.([]float32), c, co, m, inPlace, xDims, vDims, scale, offset)
		case []float64:
			pointwiseFilterGrad(xs, ins[1].([]float64), out.([]float64), c, co, m, inPlace, xDims, vDims, scale, offset)
		}
		return nil
	})
	if err == nil {
		setFlops(op, 2*float64(c)*float64(co)*float64(m))
	}
	return op, true, err
}

// pointwiseFilterGrad runs conv.PointwiseFilterGrad on x as it lies, or on the m rows of x that
// meet v's rows (see gatherRows).
func pointwiseFilterGrad[T float32 | float64](x, v, out []T, c, co, m int, inPlace bool, xDims, vDims, scale, offset []int) {
	if inPlace {
		conv.PointwiseFilterGrad(c, co, m, x, v, out)
		return
	}
	rows := getScratch[T](m * c)
	gatherRows(rows, x, xDims, vDims, scale, offset)
	conv.PointwiseFilterGrad(c, co, m, rows, v, out)
	putScratch(rows)
}

// gatherRows copies into dst, in v's row order, the rows of x (its last axis, c long) that meet
// v's rows: v's row (j_0, ..., j_{r-1}) meets x's row (scale_a·j_a + offset_a)_a, which the
// caller checked lies inside x.
func gatherRows[T float32 | float64](dst, x []T, xDims, vDims, scale, offset []int) {
	last := len(xDims) - 1
	c := xDims[last]
	stride := make([]int, last) // x's row stride of each contracted axis
	for a, s := last-1, 1; a >= 0; a-- {
		stride[a] = s
		s *= xDims[a]
	}
	j := make([]int, last)
	for row := 0; row*c < len(dst); row++ {
		src := 0
		for a := range j {
			src += (scale[a]*j[a] + offset[a]) * stride[a]
		}
		copy(dst[row*c:(row+1)*c], x[src*c:(src+1)*c])
		for a := last - 1; a >= 0; a-- { // odometer over v's rows
			if j[a]++; j[a] < vDims[a] {
				break
			}
			j[a] = 0
		}
	}
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

// patchFilterGradient recognises the kernel gradient of an ungrouped 2-D convolution in the
// roles depthwiseFilterGradient's comment describes, without batch groups, whose output is laid
// out [Q1, Q2, C, Co] (the kernel's layout): the CIFAR stem's 3×3 convolution of the RGB image.
// conv.PatchFilterGradNHWC gathers its patches (27 columns for the stem) and takes one deep
// matrix product on both cores; the general path would transpose both operands and run im2col as
// a single task (27 output rows), on one core.
//
// It reports false, leaving the convolution to the general path, for any other axes layout, for
// grouping and input dilation, and when the patches would be too large.
func (b *graphBuilder) patchFilterGradient(in []*value, shape shapes.Shape, axes backends.ConvolveAxesConfig,
	strides []int, paddings [][2]int, inputDilations, kernelDilations []int, groups, batchGroups int) (backends.Op, bool, error) {
	x, k := in[0].shape, in[1].shape
	nhwc := []int{1, 2}
	if groups != 1 || batchGroups != 1 || x.Rank() != 4 || k.Rank() != 4 ||
		axes.InputChannels != 0 || !slices.Equal(axes.InputSpatial, nhwc) || axes.InputBatch != 3 ||
		axes.KernelInputChannels != 0 || !slices.Equal(axes.KernelSpatial, nhwc) || axes.KernelOutputChannels != 3 ||
		axes.OutputBatch != 2 || !slices.Equal(axes.OutputSpatial, []int{0, 1}) || axes.OutputChannels != 3 {
		return nil, false, nil
	}
	p := &conv.Params{
		Batch: x.Dimensions[3], InSpatial: slices.Clone(x.Dimensions[1:3]), InChannels: x.Dimensions[0],
		KernelSpatial: slices.Clone(k.Dimensions[1:3]), OutChannels: k.Dimensions[3],
		Strides: slices.Clone(strides), Padding: slices.Clone(paddings),
		InputDilation: slices.Clone(inputDilations), KernelDilation: slices.Clone(kernelDilations),
		FeatureGroups: 1, BatchGroups: 1,
	}
	if !conv.PatchFilterGradNHWCSupported(p) {
		return nil, false, nil
	}
	op, err := b.recordNative("ConvGeneral/patch-filter-grad", in, shape, func(ins []any, out any) error {
		switch xs := ins[0].(type) {
		case []float32:
			conv.PatchFilterGradNHWC(p, xs, ins[1].([]float32), out.([]float32))
		case []float64:
			conv.PatchFilterGradNHWC(p, xs, ins[1].([]float64), out.([]float64))
		}
		return nil
	})
	if err == nil {
		setFlops(op, convFlops(shape.Size(), p.KernelSpatial, p.InChannels, inputDilations))
	}
	return op, true, err
}
