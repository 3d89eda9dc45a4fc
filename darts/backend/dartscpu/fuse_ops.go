package dartscpu

import (
	"math"

	"github.com/dartsml/godarts/darts/backend/vec"
	"slices"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// BroadcastInDim implements backends.Builder; the axes are kept for the fusion pass.
func (b *graphBuilder) BroadcastInDim(x backends.Op, outputShape shapes.Shape, broadcastAxes []int) (backends.Op, error) {
	axes := slices.Clone(broadcastAxes)
	outs, err := b.record("BroadcastInDim", []backends.Op{x}, func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := sb.BroadcastInDim(in[0], outputShape, axes)
		return []backends.Op{o}, err
	})
	if err != nil {
		return nil, err
	}
	b.nodes[len(b.nodes)-1].attrs = axes
	return outs[0], nil
}

// opcode is an instruction of a fused elementwise program.
type opcode uint8

const (
	opCopy opcode = iota // dst = a (Reshape, bool↔float conversions within a group)
	opNeg
	opAbs
	opSqrt
	opRsqrt
	opExp
	opLog
	opLog1p
	opExpm1
	opTanh
	opLogistic
	opSign
	opFloor
	opCeil
	opCos
	opSin
	opNot // logical not of a 0/1 value
	opToBool
	opAdd
	opSub
	opMul
	opDiv
	opMax
	opMin
	opPow
	opGT
	opGE
	opLT
	opLE
	opEQ
	opNE
	opAnd
	opOr
	opWhere
	opMulGT   // dst = a · (b > c ? 1 : 0), selected by fuseProducts
	opReLUSum // dst = a · (a > b ? 1 : 0) + (a − a), selected by fuseReLUSums
)

// fusibleOps maps the backend ops the fusion pass handles to opcodes.
var fusibleOps = map[string]opcode{
	"Neg": opNeg, "Abs": opAbs, "Sqrt": opSqrt, "Rsqrt": opRsqrt, "Exp": opExp, "Log": opLog,
	"Log1p": opLog1p, "Expm1": opExpm1, "Tanh": opTanh, "Logistic": opLogistic, "Sign": opSign,
	"Floor": opFloor, "Ceil": opCeil, "Cos": opCos, "Sin": opSin, "LogicalNot": opNot,
	"Add": opAdd, "Sub": opSub, "Mul": opMul, "Div": opDiv, "Max": opMax, "Min": opMin, "Pow": opPow,
	"GreaterThan": opGT, "GreaterOrEqual": opGE, "LessThan": opLT, "LessOrEqual": opLE,
	"Equal": opEQ, "NotEqual": opNE, "LogicalAnd": opAnd, "LogicalOr": opOr, "Where": opWhere,
	"Reshape": opCopy, "BroadcastInDim": opCopy, "ConvertDType": opCopy,
}

func b2f[T float32 | float64](c bool) T {
	if c {
		return 1
	}
	return 0
}

// apply runs one instruction on n elements. Booleans are 0/1 values of T.
func apply[T float32 | float64](op opcode, d, a, b, c []T) {
	n := len(d)
	if d32, ok := any(d).([]float32); ok && applyTranscendental(op, d32, any(a).([]float32)) {
		return
	}
	switch op {
	case opCopy:
		copy(d, a[:n])
	case opToBool:
		for i, x := range a[:n] {
			d[i] = b2f[T](x != 0)
		}
	case opNeg:
		for i, x := range a[:n] {
			d[i] = -x
		}
	case opAbs:
		for i, x := range a[:n] {
			d[i] = T(math.Abs(float64(x)))
		}
	case opSqrt:
		for i, x := range a[:n] {
			d[i] = T(math.Sqrt(float64(x)))
		}
	case opRsqrt:
		for i, x := range a[:n] {
			d[i] = T(1 / math.Sqrt(float64(x)))
		}
	case opExp:
		for i, x := range a[:n] {
			d[i] = T(math.Exp(float64(x)))
		}
	case opLog:
		for i, x := range a[:n] {
			d[i] = T(math.Log(float64(x)))
		}
	case opLog1p:
		for i, x := range a[:n] {
			d[i] = T(math.Log1p(float64(x)))
		}
	case opExpm1:
		for i, x := range a[:n] {
			d[i] = T(math.Expm1(float64(x)))
		}
	case opTanh:
		for i, x := range a[:n] {
			d[i] = T(math.Tanh(float64(x)))
		}
	case opLogistic:
		for i, x := range a[:n] {
			d[i] = T(1 / (1 + math.Exp(-float64(x))))
		}
	case opSign:
		for i, x := range a[:n] {
			switch {
			case x > 0:
				d[i] = 1
			case x < 0:
				d[i] = -1
			default:
				d[i] = x // 0, -0 and NaN stay
			}
		}
	case opFloor:
		for i, x := range a[:n] {
			d[i] = T(math.Floor(float64(x)))
		}
	case opCeil:
		for i, x := range a[:n] {
			d[i] = T(math.Ceil(float64(x)))
		}
	case opCos:
		for i, x := range a[:n] {
			d[i] = T(math.Cos(float64(x)))
		}
	case opSin:
		for i, x := range a[:n] {
			d[i] = T(math.Sin(float64(x)))
		}
	case opNot:
		for i, x := range a[:n] {
			d[i] = b2f[T](x == 0)
		}
	default:
		applyBinary(op, d, a[:n], b[:n], c)
	}
}

func applyBinary[T float32 | float64](op opcode, d, a, b, c []T) {
	// Re-slicing to len(d) lets the compiler drop the bounds checks in the loops below.
	a, b = a[:len(d)], b[:len(d)]
	if d32, ok := any(d).([]float32); ok {
		switch op {
		case opWhere:
			vec.Where(d32, any(a).([]float32), any(b).([]float32), any(c).([]float32))
			return
		case opMulGT:
			vec.MulGT(d32, any(a).([]float32), any(b).([]float32), any(c).([]float32))
			return
		case opReLUSum:
			vec.ReLUSum(d32, any(a).([]float32), any(b).([]float32))
			return
		}
		if applyVector(op, d32, any(a).([]float32), any(b).([]float32)) {
			return
		}
	}
	switch op {
	case opAdd:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case opSub:
		for i := range d {
			d[i] = a[i] - b[i]
		}
	case opMul:
		for i := range d {
			d[i] = a[i] * b[i]
		}
	case opDiv:
		for i := range d {
			d[i] = a[i] / b[i]
		}
	case opMax:
		for i := range d {
			x, y := a[i], b[i]
			if x != x || x > y { // NaN propagates, as XLA's max
				d[i] = x
			} else {
				d[i] = y
			}
		}
	case opMin:
		for i := range d {
			x, y := a[i], b[i]
			if x != x || x < y {
				d[i] = x
			} else {
				d[i] = y
			}
		}
	case opPow:
		for i := range d {
			d[i] = T(math.Pow(float64(a[i]), float64(b[i])))
		}
	case opGT:
		for i := range d {
			d[i] = b2f[T](a[i] > b[i])
		}
	case opGE:
		for i := range d {
			d[i] = b2f[T](a[i] >= b[i])
		}
	case opLT:
		for i := range d {
			d[i] = b2f[T](a[i] < b[i])
		}
	case opLE:
		for i := range d {
			d[i] = b2f[T](a[i] <= b[i])
		}
	case opEQ:
		for i := range d {
			d[i] = b2f[T](a[i] == b[i])
		}
	case opNE:
		for i := range d {
			d[i] = b2f[T](a[i] != b[i])
		}
	case opAnd:
		for i := range d {
			d[i] = b2f[T](a[i] != 0 && b[i] != 0)
		}
	case opOr:
		for i := range d {
			d[i] = b2f[T](a[i] != 0 || b[i] != 0)
		}
	case opWhere:
		cc := c[:len(d)]
		for i := range d {
			if a[i] != 0 {
				d[i] = b[i]
			} else {
				d[i] = cc[i]
			}
		}
	case opMulGT:
		cc := c[:len(d)]
		for i := range d {
			d[i] = a[i] * b2f[T](b[i] > cc[i])
		}
	case opReLUSum:
		for i := range d {
			x := a[i]
			d[i] = T(x*b2f[T](x > b[i])) + (x - x)
		}
	}
}

// applyTranscendental runs float32 Exp, Logistic and Tanh with the vec package's AVX2 loops
// (package math's values rounded to float32; see vec.Exp).
func applyTranscendental(op opcode, d, a []float32) bool {
	switch op {
	case opExp:
		vec.Exp(d, a)
	case opLogistic:
		vec.Logistic(d, a)
	case opTanh:
		vec.Tanh(d, a)
	default:
		return false
	}
	return true
}

// applyVector runs the float32 arithmetic ops, comparisons, maxima and minima with the vec
// package's AVX2 loops (the same results bit for bit).
func applyVector(op opcode, d, a, b []float32) bool {
	switch op {
	case opAdd:
		vec.Add(d, a, b)
	case opSub:
		vec.Sub(d, a, b)
	case opMul:
		vec.Mul(d, a, b)
	case opDiv:
		vec.Div(d, a, b)
	case opMax:
		vec.Max(d, a, b)
	case opMin:
		vec.Min(d, a, b)
	case opGT:
		vec.GT(d, a, b)
	case opGE:
		vec.GE(d, a, b)
	case opLT:
		vec.LT(d, a, b)
	case opLE:
		vec.LE(d, a, b)
	case opEQ:
		vec.EQ(d, a, b)
	case opNE:
		vec.NE(d, a, b)
	default:
		return false
	}
	return true
}
