package dartscpu

import (
	"slices"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
)

// ReduceSum implements backends.Builder (float reductions are native: the pure-Go backend walks a
// generic index iterator per element).
func (b *graphBuilder) ReduceSum(x backends.Op, axes ...int) (backends.Op, error) {
	return b.reduce("ReduceSum", tensorops.WindowSum, x, axes, backends.Builder.ReduceSum)
}

// ReduceMax implements backends.Builder.
func (b *graphBuilder) ReduceMax(x backends.Op, axes ...int) (backends.Op, error) {
	return b.reduce("ReduceMax", tensorops.WindowMax, x, axes, backends.Builder.ReduceMax)
}

// ReduceMin implements backends.Builder.
func (b *graphBuilder) ReduceMin(x backends.Op, axes ...int) (backends.Op, error) {
	return b.reduce("ReduceMin", tensorops.WindowMin, x, axes, backends.Builder.ReduceMin)
}

// ReduceProduct implements backends.Builder.
func (b *graphBuilder) ReduceProduct(x backends.Op, axes ...int) (backends.Op, error) {
	return b.reduce("ReduceProduct", tensorops.WindowProduct, x, axes, backends.Builder.ReduceProduct)
}

func (b *graphBuilder) reduce(name string, op tensorops.WindowReduction, x backends.Op, axes []int,
	method func(backends.Builder, backends.Op, ...int) (backends.Op, error)) (backends.Op, error) {
	axes = slices.Clone(axes)
	emit := func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := method(sb, in[0], axes...)
		return []backends.Op{o}, err
	}
	in, err := b.values(name, []backends.Op{x})
	if err != nil {
		return nil, err
	}
	if b.backend.stockKernels || !isFloat(in[0].shape.DType) {
		return first(b.record(name, []backends.Op{x}, emit))
	}
	so, err := method(b.shadow, in[0].shadow, axes...)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	dims := slices.Clone(in[0].shape.Dimensions)
	if len(axes) == 0 && shape.Rank() == 0 { // the pure-Go backend reads no axes as all axes
		for i := range dims {
			axes = append(axes, i)
		}
	}
	return b.recordNative(name, in, shape, func(ins []any, out any) error {
		switch src := ins[0].(type) {
		case []float32:
			tensorops.Reduce(out.([]float32), src, dims, axes, op)
		case []float64:
			tensorops.Reduce(out.([]float64), src, dims, axes, op)
		}
		return nil
	})
}
