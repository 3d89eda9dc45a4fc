package dartscpu

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// Slice and Concatenate run as our kernels for floats (copies of contiguous runs) so that the
// values they read and write can live in the planned arena: a value read by a pure-Go segment
// needs a buffer of the pure-Go backend, and the cells' concatenations and the factorized
// reductions' offset slices sit between our convolutions.

// floatDTypes are the dtypes of Slice and Concatenate run natively.
var floatDTypes = map[dtypes.DType]bool{dtypes.Float32: true, dtypes.Float64: true}

// Slice implements backends.Builder.
func (b *graphBuilder) Slice(x backends.Op, starts, limits, strides []int) (backends.Op, error) {
	in, err := b.values("Slice", []backends.Op{x})
	if err != nil {
		return nil, err
	}
	if b.backend.stockKernels || !floatDTypes[in[0].shape.DType] {
		return first(b.record("Slice", []backends.Op{x}, func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
			o, err := sb.Slice(in[0], starts, limits, strides)
			return []backends.Op{o}, err
		}))
	}
	so, err := b.shadow.Slice(in[0].shadow, starts, limits, strides)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	dims := slices.Clone(in[0].shape.Dimensions)
	starts, limits, strides = slices.Clone(starts), slices.Clone(limits), slices.Clone(strides)
	if len(strides) == 0 {
		strides = nil
	}
	return b.recordNative("Slice", in, shape, func(ins []any, out any) error {
		switch s := ins[0].(type) {
		case []float32:
			tensorops.Slice(out.([]float32), s, dims, starts, limits, strides)
		case []float64:
			tensorops.Slice(out.([]float64), s, dims, starts, limits, strides)
		default:
			return fmt.Errorf("Slice: unsupported data %T", s)
		}
		return nil
	})
}

// Concatenate implements backends.Builder.
func (b *graphBuilder) Concatenate(axis int, operands ...backends.Op) (backends.Op, error) {
	in, err := b.values("Concatenate", operands)
	if err != nil {
		return nil, err
	}
	if b.backend.stockKernels || len(in) == 0 || !floatDTypes[in[0].shape.DType] {
		return first(b.record("Concatenate", operands, func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
			o, err := sb.Concatenate(axis, in...)
			return []backends.Op{o}, err
		}))
	}
	so, err := b.shadow.Concatenate(axis, shadowsOf(in)...)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	dims := make([][]int, len(in))
	for i, v := range in {
		dims[i] = slices.Clone(v.shape.Dimensions)
	}
	return b.recordNative("Concatenate", in, shape, func(ins []any, out any) error {
		switch o := out.(type) {
		case []float32:
			return concatenateFlat(o, ins, dims, axis)
		case []float64:
			return concatenateFlat(o, ins, dims, axis)
		}
		return fmt.Errorf("Concatenate: unsupported data %T", out)
	})
}

func concatenateFlat[T float32 | float64](dst []T, ins []any, dims [][]int, axis int) error {
	srcs := make([][]T, len(ins))
	for i, in := range ins {
		s, ok := in.([]T)
		if !ok {
			return fmt.Errorf("Concatenate: input #%d is %T, want %T", i, in, dst)
		}
		srcs[i] = s
	}
	tensorops.Concatenate(dst, srcs, dims, axis)
	return nil
}
