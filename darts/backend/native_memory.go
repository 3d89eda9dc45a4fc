package backend

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// memoryDTypes are the dtypes our data-movement kernels (Pad, Reverse, Transpose) handle.
var memoryDTypes = map[dtypes.DType]bool{
	dtypes.Float32: true, dtypes.Float64: true, dtypes.Int32: true, dtypes.Int64: true,
	dtypes.Uint8: true, dtypes.Int8: true, dtypes.Bool: true, dtypes.Uint32: true, dtypes.Uint64: true,
}

// Transpose implements backends.Builder with our kernel (the pure-Go one goes element by element).
func (b *Builder) Transpose(x backends.Op, permutation ...int) (backends.Op, error) {
	emit := func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := sb.Transpose(in[0], permutation...)
		return []backends.Op{o}, err
	}
	in, err := b.values("Transpose", []backends.Op{x})
	if err != nil {
		return nil, err
	}
	if b.backend.stockKernels || !memoryDTypes[in[0].shape.DType] {
		return first(b.record("Transpose", []backends.Op{x}, emit))
	}
	so, err := b.shadow.Transpose(in[0].shadow, permutation...)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	dims := in[0].shape.Dimensions
	perm := slices.Clone(permutation)
	return b.recordNative("Transpose", in, shape, func(ins []any, out any) error {
		return transposeFlat(out, ins[0], dims, perm)
	})
}

// Pad implements backends.Builder (missing from the pure-Go backend; needed by the gradient of Slice).
func (b *Builder) Pad(x, fillValue backends.Op, axesConfig ...backends.PadAxis) (backends.Op, error) {
	in, err := b.values("Pad", []backends.Op{x, fillValue})
	if err != nil {
		return nil, err
	}
	if in[1].shape.Rank() != 0 || in[1].shape.DType != in[0].shape.DType {
		return nil, fmt.Errorf("Pad: fill value must be a scalar of %s, got %s", in[0].shape.DType, in[1].shape)
	}
	if len(axesConfig) > in[0].shape.Rank() {
		return nil, fmt.Errorf("Pad: %d axes configured for an operand of rank %d", len(axesConfig), in[0].shape.Rank())
	}
	if !memoryDTypes[in[0].shape.DType] {
		return nil, fmt.Errorf("Pad: dtype %s not supported by %s", in[0].shape.DType, Name)
	}
	axes := make([]tensorops.PadAxis, len(axesConfig))
	for i, a := range axesConfig {
		if a.Interior < 0 {
			return nil, fmt.Errorf("Pad: axis %d: negative interior padding %d", i, a.Interior)
		}
		axes[i] = tensorops.PadAxis{Start: a.Start, End: a.End, Interior: a.Interior}
	}
	dims := slices.Clone(in[0].shape.Dimensions)
	outDims, err := tensorops.PadShape(dims, axes)
	if err != nil {
		return nil, fmt.Errorf("Pad: %w", err)
	}
	shape := shapes.Make(in[0].shape.DType, outDims...)
	return b.recordNative("Pad", in, shape, func(ins []any, out any) error {
		return padFlat(out, ins[0], ins[1], dims, axes)
	})
}

// Reverse implements backends.Builder (missing from the pure-Go backend; needed by the gradient of
// convolutions with respect to their input).
func (b *Builder) Reverse(x backends.Op, axes ...int) (backends.Op, error) {
	in, err := b.values("Reverse", []backends.Op{x})
	if err != nil {
		return nil, err
	}
	if !memoryDTypes[in[0].shape.DType] {
		return nil, fmt.Errorf("Reverse: dtype %s not supported by %s", in[0].shape.DType, Name)
	}
	for _, a := range axes {
		if a < 0 || a >= in[0].shape.Rank() {
			return nil, fmt.Errorf("Reverse: axis %d out of range for shape %s", a, in[0].shape)
		}
	}
	dims := slices.Clone(in[0].shape.Dimensions)
	axes = slices.Clone(axes)
	return b.recordNative("Reverse", in, in[0].shape, func(ins []any, out any) error {
		return reverseFlat(out, ins[0], dims, axes)
	})
}

func first(ops []backends.Op, err error) (backends.Op, error) {
	if err != nil {
		return nil, err
	}
	return ops[0], nil
}

func transposeFlat(dst, src any, dims, perm []int) error {
	switch s := src.(type) {
	case []float32:
		tensorops.Transpose(dst.([]float32), s, dims, perm)
	case []float64:
		tensorops.Transpose(dst.([]float64), s, dims, perm)
	case []int32:
		tensorops.Transpose(dst.([]int32), s, dims, perm)
	case []int64:
		tensorops.Transpose(dst.([]int64), s, dims, perm)
	case []uint8:
		tensorops.Transpose(dst.([]uint8), s, dims, perm)
	case []int8:
		tensorops.Transpose(dst.([]int8), s, dims, perm)
	case []bool:
		tensorops.Transpose(dst.([]bool), s, dims, perm)
	case []uint32:
		tensorops.Transpose(dst.([]uint32), s, dims, perm)
	case []uint64:
		tensorops.Transpose(dst.([]uint64), s, dims, perm)
	default:
		return fmt.Errorf("Transpose: unsupported data %T", src)
	}
	return nil
}

func padFlat(dst, src, fill any, dims []int, axes []tensorops.PadAxis) error {
	switch s := src.(type) {
	case []float32:
		tensorops.Pad(dst.([]float32), s, dims, fill.([]float32)[0], axes)
	case []float64:
		tensorops.Pad(dst.([]float64), s, dims, fill.([]float64)[0], axes)
	case []int32:
		tensorops.Pad(dst.([]int32), s, dims, fill.([]int32)[0], axes)
	case []int64:
		tensorops.Pad(dst.([]int64), s, dims, fill.([]int64)[0], axes)
	case []uint8:
		tensorops.Pad(dst.([]uint8), s, dims, fill.([]uint8)[0], axes)
	case []int8:
		tensorops.Pad(dst.([]int8), s, dims, fill.([]int8)[0], axes)
	case []bool:
		tensorops.Pad(dst.([]bool), s, dims, fill.([]bool)[0], axes)
	case []uint32:
		tensorops.Pad(dst.([]uint32), s, dims, fill.([]uint32)[0], axes)
	case []uint64:
		tensorops.Pad(dst.([]uint64), s, dims, fill.([]uint64)[0], axes)
	default:
		return fmt.Errorf("Pad: unsupported data %T", src)
	}
	return nil
}

func reverseFlat(dst, src any, dims, axes []int) error {
	switch s := src.(type) {
	case []float32:
		tensorops.Reverse(dst.([]float32), s, dims, axes)
	case []float64:
		tensorops.Reverse(dst.([]float64), s, dims, axes)
	case []int32:
		tensorops.Reverse(dst.([]int32), s, dims, axes)
	case []int64:
		tensorops.Reverse(dst.([]int64), s, dims, axes)
	case []uint8:
		tensorops.Reverse(dst.([]uint8), s, dims, axes)
	case []int8:
		tensorops.Reverse(dst.([]int8), s, dims, axes)
	case []bool:
		tensorops.Reverse(dst.([]bool), s, dims, axes)
	case []uint32:
		tensorops.Reverse(dst.([]uint32), s, dims, axes)
	case []uint64:
		tensorops.Reverse(dst.([]uint64), s, dims, axes)
	default:
		return fmt.Errorf("Reverse: unsupported data %T", src)
	}
	return nil
}
