package dartscpu

import (
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// memoryDTypes are the dtypes our data-movement kernels (Pad, Reverse, Transpose) handle: every
// dtype of 1, 2, 4 or 8 bytes (see sameWidthViews).
var memoryDTypes = map[dtypes.DType]bool{
	dtypes.Float32: true, dtypes.Float64: true, dtypes.Int32: true, dtypes.Int64: true,
	dtypes.Uint8: true, dtypes.Int8: true, dtypes.Bool: true, dtypes.Uint32: true, dtypes.Uint64: true,
	dtypes.BFloat16: true, dtypes.Float16: true, dtypes.Int16: true, dtypes.Uint16: true,
}

// Transpose implements backends.Builder with our kernel (the pure-Go one goes element by element).
func (b *graphBuilder) Transpose(x backends.Op, permutation ...int) (backends.Op, error) {
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
	op, err := b.recordNative("Transpose", in, shape, func(ins []any, out any) error {
		return transposeFlat(out, ins[0], dims, perm)
	})
	if err == nil {
		op.(*value).node.attrs = transposeOf{x: in[0], perm: perm} // for DotGeneral (foldTranspose)
	}
	return op, err
}

// transposeOf records what a native Transpose node permutes, so that a product reading it can
// read x instead (see foldTranspose).
type transposeOf struct {
	x    *value
	perm []int
}

// Pad implements backends.Builder (missing from the pure-Go backend; needed by the gradient of Slice).
func (b *graphBuilder) Pad(x, fillValue backends.Op, axesConfig ...backends.PadAxis) (backends.Op, error) {
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
	op, err := b.recordNative("Pad", in, shape, func(ins []any, out any) error {
		return padFlat(out, ins[0], ins[1], dims, axes)
	})
	if err == nil {
		op.(*value).node.attrs = padOf{axes: axes} // for fusePadSum
	}
	return op, err
}

// Reverse implements backends.Builder (missing from the pure-Go backend; needed by the gradient of
// convolutions with respect to their input).
func (b *graphBuilder) Reverse(x backends.Op, axes ...int) (backends.Op, error) {
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
	d, sv, width, err := sameWidthViews("Transpose", dst, src)
	if err != nil {
		return err
	}
	switch width {
	case 1:
		tensorops.Transpose(d.([]uint8), sv.([]uint8), dims, perm)
	case 2:
		tensorops.Transpose(d.([]uint16), sv.([]uint16), dims, perm)
	case 4:
		tensorops.Transpose(d.([]uint32), sv.([]uint32), dims, perm)
	case 8:
		tensorops.Transpose(d.([]uint64), sv.([]uint64), dims, perm)
	}
	return nil
}

func padFlat(dst, src, fill any, dims []int, axes []tensorops.PadAxis) error {
	d, sv, width, err := sameWidthViews("Pad", dst, src)
	if err != nil {
		return err
	}
	f, _, _, err := sameWidthViews("Pad", fill, src)
	if err != nil {
		return err
	}
	switch width {
	case 1:
		tensorops.Pad(d.([]uint8), sv.([]uint8), dims, f.([]uint8)[0], axes)
	case 2:
		tensorops.Pad(d.([]uint16), sv.([]uint16), dims, f.([]uint16)[0], axes)
	case 4:
		tensorops.Pad(d.([]uint32), sv.([]uint32), dims, f.([]uint32)[0], axes)
	case 8:
		tensorops.Pad(d.([]uint64), sv.([]uint64), dims, f.([]uint64)[0], axes)
	}
	return nil
}

func reverseFlat(dst, src any, dims, axes []int) error {
	d, sv, width, err := sameWidthViews("Reverse", dst, src)
	if err != nil {
		return err
	}
	switch width {
	case 1:
		tensorops.Reverse(d.([]uint8), sv.([]uint8), dims, axes)
	case 2:
		tensorops.Reverse(d.([]uint16), sv.([]uint16), dims, axes)
	case 4:
		tensorops.Reverse(d.([]uint32), sv.([]uint32), dims, axes)
	case 8:
		tensorops.Reverse(d.([]uint64), sv.([]uint64), dims, axes)
	}
	return nil
}

// sameWidthViews returns dst and src (flat slices of one element type) as slices of unsigned
// integers of the element's width, so one instance of a data-movement kernel per width serves
// every dtype: moving elements never looks at their values.
func sameWidthViews(op string, dst, src any) (d, s any, width int, err error) {
	dv, sv := reflect.ValueOf(dst), reflect.ValueOf(src)
	if dv.Kind() != reflect.Slice || sv.Kind() != reflect.Slice || dv.Type() != sv.Type() {
		return nil, nil, 0, fmt.Errorf("%s: data %T and %T are not slices of one type", op, dst, src)
	}
	width = int(dv.Type().Elem().Size())
	view := func(v reflect.Value) any {
		p := v.UnsafePointer()
		n := v.Len()
		switch width {
		case 1:
			return unsafe.Slice((*uint8)(p), n)
		case 2:
			return unsafe.Slice((*uint16)(p), n)
		case 4:
			return unsafe.Slice((*uint32)(p), n)
		case 8:
			return unsafe.Slice((*uint64)(p), n)
		}
		return nil
	}
	if d, s = view(dv), view(sv); d == nil {
		return nil, nil, 0, fmt.Errorf("%s: unsupported data %T (%d-byte elements)", op, src, width)
	}
	return d, s, width, nil
}
