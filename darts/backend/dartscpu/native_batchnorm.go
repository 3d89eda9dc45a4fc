package dartscpu

import (
	"fmt"

	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Batch normalisation runs on the tensorops kernels (the pure-Go backend has none). Training and
// its gradient have three outputs each, while a native node has one, so each is recorded as a
// small chain of single-output native steps, with no extra pass over the operand:
//
//	BatchNormForTraining:  stats = [2, C] float64 (mean; variance)     one reduction pass pair
//	                       y = apply(x, scale, offset, stats)           one elementwise pass
//	                       mean, variance = stats rows converted to the operand's dtype ([C])
//	BatchNormGradient:     sums = [2, C] float64 (dscale; doffset)      one reduction pass
//	                       dx = apply(x, scale, mean, variance, dy, sums)
//	                       dscale, doffset = sums rows converted ([C])
//
// Keeping the statistics in float64 between the stages means y is normalised with unrounded
// statistics, exactly as a fused kernel would. The [C]-sized conversion steps cost microseconds.

// bnValidate checks a batch norm op's operands: a float32/float64 operand, featureAxis within its
// rank, each per-feature operand [C] of the operand's dtype, and each operand-like operand of the
// operand's shape. It returns the values (operand first, then perFeature, then like) and C.
func (b *graphBuilder) bnValidate(opName string, operand backends.Op, featureAxis int, perFeature []namedOp,
	like ...namedOp) ([]*value, int, error) {
	ops := []backends.Op{operand}
	for _, p := range append(append([]namedOp(nil), perFeature...), like...) {
		ops = append(ops, p.op)
	}
	in, err := b.values(opName, ops)
	if err != nil {
		return nil, 0, err
	}
	x := in[0].shape
	if !isFloat(x.DType) {
		return nil, 0, fmt.Errorf("%s: %s: operand must be float32 or float64, got %s", Name, opName, x)
	}
	if featureAxis < 0 || featureAxis >= x.Rank() {
		return nil, 0, fmt.Errorf("%s: %s: feature axis %d out of range for operand %s", Name, opName, featureAxis, x)
	}
	c := x.Dimensions[featureAxis]
	for i, p := range perFeature {
		if s := in[1+i].shape; s.DType != x.DType || s.Rank() != 1 || s.Dimensions[0] != c {
			return nil, 0, fmt.Errorf("%s: %s: %s must be [%d] %s (feature axis %d of operand %s), got %s",
				Name, opName, p.name, c, x.DType, featureAxis, x, s)
		}
	}
	for i, p := range like {
		if s := in[1+len(perFeature)+i].shape; !s.Equal(x) {
			return nil, 0, fmt.Errorf("%s: %s: %s must have the operand's shape %s, got %s", Name, opName, p.name, x, s)
		}
	}
	return in, c, nil
}

type namedOp struct {
	name string
	op   backends.Op
}

// BatchNormForTraining implements backends.Builder: y normalised with the batch statistics, and
// those statistics (mean and biased variance, [C] each).
func (b *graphBuilder) BatchNormForTraining(operand, scale, offset backends.Op, epsilon float32, featureAxis int) (
	backends.Op, backends.Op, backends.Op, error) {
	const opName = "BatchNormForTraining"
	in, c, err := b.bnValidate(opName, operand, featureAxis,
		[]namedOp{{"scale", scale}, {"offset", offset}})
	if err != nil {
		return nil, nil, nil, err
	}
	x := in[0].shape
	dims, eps := x.Clone().Dimensions, float64(epsilon)
	stats, err := b.recordNative(opName+".statistics", in[:1], shapes.Make(dtypes.Float64, 2, c),
		func(ins []any, out any) error {
			s := out.([]float64)
			switch xs := ins[0].(type) {
			case []float32:
				tensorops.BatchNormStatistics(s[:c], s[c:], xs, dims, featureAxis)
			case []float64:
				tensorops.BatchNormStatistics(s[:c], s[c:], xs, dims, featureAxis)
			}
			return nil
		})
	if err != nil {
		return nil, nil, nil, err
	}
	sv := stats.(*value)
	y, err := b.recordNative(opName, []*value{in[0], in[1], in[2], sv}, x,
		func(ins []any, out any) error {
			s := ins[3].([]float64)
			switch xs := ins[0].(type) {
			case []float32:
				tensorops.BatchNormApply(out.([]float32), xs, ins[1].([]float32), ins[2].([]float32), s[:c], s[c:],
					dims, featureAxis, eps)
			case []float64:
				tensorops.BatchNormApply(out.([]float64), xs, ins[1].([]float64), ins[2].([]float64), s[:c], s[c:],
					dims, featureAxis, eps)
			}
			return nil
		})
	if err != nil {
		return nil, nil, nil, err
	}
	mean, err := b.bnStatsRow(opName+".mean", sv, 0, c, x.DType)
	if err != nil {
		return nil, nil, nil, err
	}
	variance, err := b.bnStatsRow(opName+".variance", sv, 1, c, x.DType)
	if err != nil {
		return nil, nil, nil, err
	}
	return y, mean, variance, nil
}

// bnStatsRow records a step converting row `row` of a [2, C] float64 statistics value to a [C]
// value of dtype.
func (b *graphBuilder) bnStatsRow(opName string, stats *value, row, c int, dtype dtypes.DType) (backends.Op, error) {
	return b.recordNative(opName, []*value{stats}, shapes.Make(dtype, c), func(ins []any, out any) error {
		src := ins[0].([]float64)[row*c : (row+1)*c]
		switch dst := out.(type) {
		case []float32:
			for i, v := range src {
				dst[i] = float32(v)
			}
		case []float64:
			copy(dst, src)
		}
		return nil
	})
}

// BatchNormForInference implements backends.Builder: x normalised with the given statistics.
func (b *graphBuilder) BatchNormForInference(operand, scale, offset, mean, variance backends.Op, epsilon float32,
	featureAxis int) (backends.Op, error) {
	const opName = "BatchNormForInference"
	in, _, err := b.bnValidate(opName, operand, featureAxis,
		[]namedOp{{"scale", scale}, {"offset", offset}, {"mean", mean}, {"variance", variance}})
	if err != nil {
		return nil, err
	}
	dims, eps := in[0].shape.Clone().Dimensions, float64(epsilon)
	return b.recordNative(opName, in, in[0].shape, func(ins []any, out any) error {
		switch xs := ins[0].(type) {
		case []float32:
			tensorops.BatchNormInference(out.([]float32), xs, ins[1].([]float32), ins[2].([]float32),
				ins[3].([]float32), ins[4].([]float32), dims, featureAxis, eps)
		case []float64:
			tensorops.BatchNormInference(out.([]float64), xs, ins[1].([]float64), ins[2].([]float64),
				ins[3].([]float64), ins[4].([]float64), dims, featureAxis, eps)
		}
		return nil
	})
}

// BatchNormGradient implements backends.Builder: XLA's BatchNormGrad, the gradients of
// BatchNormForTraining's y with respect to operand (through the batch statistics too), scale and
// offset, given gradOutput and the batch mean and variance.
func (b *graphBuilder) BatchNormGradient(operand, scale, mean, variance, gradOutput backends.Op, epsilon float32,
	featureAxis int) (backends.Op, backends.Op, backends.Op, error) {
	const opName = "BatchNormGradient"
	in, c, err := b.bnValidate(opName, operand, featureAxis,
		[]namedOp{{"scale", scale}, {"mean", mean}, {"variance", variance}}, namedOp{"gradOutput", gradOutput})
	if err != nil {
		return nil, nil, nil, err
	}
	x := in[0].shape
	dims, eps := x.Clone().Dimensions, float64(epsilon)
	xv, scaleV, meanV, varV, dyV := in[0], in[1], in[2], in[3], in[4]
	sums, err := b.recordNative(opName+".sums", []*value{xv, meanV, varV, dyV}, shapes.Make(dtypes.Float64, 2, c),
		func(ins []any, out any) error {
			s := out.([]float64)
			switch xs := ins[0].(type) {
			case []float32:
				tensorops.BatchNormGradientSums(s[:c], s[c:], xs, ins[1].([]float32), ins[2].([]float32),
					ins[3].([]float32), dims, featureAxis, eps)
			case []float64:
				tensorops.BatchNormGradientSums(s[:c], s[c:], xs, ins[1].([]float64), ins[2].([]float64),
					ins[3].([]float64), dims, featureAxis, eps)
			}
			return nil
		})
	if err != nil {
		return nil, nil, nil, err
	}
	sv := sums.(*value)
	dx, err := b.recordNative(opName, []*value{xv, scaleV, meanV, varV, dyV, sv}, x,
		func(ins []any, out any) error {
			s := ins[5].([]float64)
			switch xs := ins[0].(type) {
			case []float32:
				tensorops.BatchNormGradientApply(out.([]float32), xs, ins[1].([]float32), ins[2].([]float32),
					ins[3].([]float32), ins[4].([]float32), s[:c], s[c:], dims, featureAxis, eps)
			case []float64:
				tensorops.BatchNormGradientApply(out.([]float64), xs, ins[1].([]float64), ins[2].([]float64),
					ins[3].([]float64), ins[4].([]float64), s[:c], s[c:], dims, featureAxis, eps)
			}
			return nil
		})
	if err != nil {
		return nil, nil, nil, err
	}
	dscale, err := b.bnStatsRow(opName+".dscale", sv, 0, c, x.DType)
	if err != nil {
		return nil, nil, nil, err
	}
	doffset, err := b.bnStatsRow(opName+".doffset", sv, 1, c, x.DType)
	if err != nil {
		return nil, nil, nil, err
	}
	return dx, dscale, doffset, nil
}
