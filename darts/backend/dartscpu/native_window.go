package dartscpu

import (
	"slices"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
)

var windowReductions = map[backends.ReduceOpType]tensorops.WindowReduction{
	backends.ReduceOpSum: tensorops.WindowSum, backends.ReduceOpProduct: tensorops.WindowProduct,
	backends.ReduceOpMax: tensorops.WindowMax, backends.ReduceOpMin: tensorops.WindowMin,
}

func allOnes(xs []int) bool {
	for _, x := range xs {
		if x != 1 {
			return false
		}
	}
	return true
}

// ReduceWindow implements backends.Builder. Undilated float windows (every pooling) run on our
// kernel; the pure-Go backend's walks a generic index iterator per element and dominated the
// DARTS step profile.
func (b *graphBuilder) ReduceWindow(x backends.Op, reductionType backends.ReduceOpType, windowDimensions, strides,
	baseDilations, windowDilations []int, paddings [][2]int) (backends.Op, error) {
	emit := func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := sb.ReduceWindow(in[0], reductionType, windowDimensions, strides, baseDilations, windowDilations, paddings)
		return []backends.Op{o}, err
	}
	in, err := b.values("ReduceWindow", []backends.Op{x})
	if err != nil {
		return nil, err
	}
	op, known := windowReductions[reductionType]
	rank := in[0].shape.Rank()
	if b.backend.stockKernels || !known || !isFloat(in[0].shape.DType) || !allOnes(baseDilations) ||
		!allOnes(windowDilations) || len(windowDimensions) != rank {
		return first(b.record("ReduceWindow", []backends.Op{x}, emit))
	}
	so, err := b.shadow.ReduceWindow(in[0].shadow, reductionType, windowDimensions, strides, baseDilations,
		windowDilations, paddings)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	dims := slices.Clone(in[0].shape.Dimensions)
	window := slices.Clone(windowDimensions)
	strides = onesIfNil(strides, rank)
	pads := slices.Clone(paddings)
	if len(pads) == 0 {
		pads = make([][2]int, rank)
	}
	return b.recordNative("ReduceWindow", in, shape, func(ins []any, out any) error {
		switch src := ins[0].(type) {
		case []float32:
			tensorops.ReduceWindow(out.([]float32), src, dims, window, strides, pads, op)
		case []float64:
			tensorops.ReduceWindow(out.([]float64), src, dims, window, strides, pads, op)
		}
		return nil
	})
}
