package dartscpu

import (
	"fmt"
	"slices"

	"github.com/dartsml/godarts/darts/backend/conv"
	"github.com/dartsml/godarts/darts/backend/gemm"
	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

func isFloat(dt dtypes.DType) bool { return dt == dtypes.Float32 || dt == dtypes.Float64 }

// isHalf reports the 16-bit float dtypes of mixed-precision compute.
func isHalf(dt dtypes.DType) bool { return dt == dtypes.BFloat16 || dt == dtypes.Float16 }

// inFloat32 runs a half-precision op as GPUs run it: operands widened to float32, products
// accumulated in float32 by our kernels, the result rounded back to dt once. (The pure-Go
// backend's own bfloat16 convolutions are slow, and its batch-grouped one, which the depthwise
// filter gradient uses, gives wrong results in v0.26.0.)
func (b *graphBuilder) inFloat32(operands []backends.Op, dt dtypes.DType, op func(wide []backends.Op) (backends.Op, error)) (backends.Op, error) {
	wide := make([]backends.Op, len(operands))
	for i, x := range operands {
		var err error
		if wide[i], err = b.ConvertDType(x, dtypes.Float32); err != nil {
			return nil, err
		}
	}
	out, err := op(wide)
	if err != nil {
		return nil, err
	}
	return b.ConvertDType(out, dt)
}

func onesIfNil(xs []int, n int) []int {
	if len(xs) > 0 {
		return slices.Clone(xs)
	}
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func isIdentity(perm []int) bool {
	for i, p := range perm {
		if i != p {
			return false
		}
	}
	return true
}

func gather(dims, axes []int) []int {
	out := make([]int, len(axes))
	for i, a := range axes {
		out[i] = dims[a]
	}
	return out
}

// ConvGeneral implements backends.Builder. Float convolutions run on our kernels: operands are
// brought to canonical layout (input [N,S...,C], kernel [K...,I,O]) by Transpose where needed.
// Nil strides and dilations mean ones (the pure-Go backend rejects them).
func (b *graphBuilder) ConvGeneral(input, kernel backends.Op, axes backends.ConvolveAxesConfig, strides []int,
	paddings [][2]int, inputDilations, kernelDilations []int, channelGroupCount, batchGroupCount int) (backends.Op, error) {
	in, err := b.values("ConvGeneral", []backends.Op{input, kernel})
	if err != nil {
		return nil, err
	}
	d := len(axes.InputSpatial)
	strides = onesIfNil(strides, d)
	inputDilations = onesIfNil(inputDilations, d)
	kernelDilations = onesIfNil(kernelDilations, d)
	if len(paddings) == 0 {
		paddings = make([][2]int, d)
	}
	channelGroupCount = max(channelGroupCount, 1)
	batchGroupCount = max(batchGroupCount, 1)
	axes = axes.Clone()
	emit := func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := sb.ConvGeneral(in[0], in[1], axes, strides, paddings, inputDilations, kernelDilations,
			channelGroupCount, batchGroupCount)
		return []backends.Op{o}, err
	}
	if !b.backend.stockKernels && isHalf(in[0].shape.DType) && in[1].shape.DType == in[0].shape.DType {
		return b.inFloat32([]backends.Op{input, kernel}, in[0].shape.DType, func(wide []backends.Op) (backends.Op, error) {
			return b.ConvGeneral(wide[0], wide[1], axes, strides, paddings, inputDilations, kernelDilations,
				channelGroupCount, batchGroupCount)
		})
	}
	if b.backend.stockKernels || !isFloat(in[0].shape.DType) || in[0].shape.DType != in[1].shape.DType {
		return first(b.record("ConvGeneral", []backends.Op{input, kernel}, emit))
	}
	so, err := b.shadow.ConvGeneral(in[0].shadow, in[1].shadow, axes, strides, paddings, inputDilations,
		kernelDilations, channelGroupCount, batchGroupCount)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	if op, ok, err := b.pointwiseFilterGradient(in, shape, axes, strides, paddings, inputDilations, kernelDilations,
		channelGroupCount, batchGroupCount); ok || err != nil {
		return op, err
	}
	if op, ok, err := b.depthwiseFilterGradient(in, shape, axes, strides, paddings, inputDilations, kernelDilations,
		channelGroupCount, batchGroupCount); ok || err != nil {
		return op, err
	}
	if op, ok, err := b.patchFilterGradient(in, shape, axes, strides, paddings, inputDilations, kernelDilations,
		channelGroupCount, batchGroupCount); ok || err != nil {
		return op, err
	}
	inDims, kDims := in[0].shape.Dimensions, in[1].shape.Dimensions
	p := &conv.Params{
		Batch: inDims[axes.InputBatch], InSpatial: gather(inDims, axes.InputSpatial),
		InChannels: inDims[axes.InputChannels], KernelSpatial: gather(kDims, axes.KernelSpatial),
		OutChannels: kDims[axes.KernelOutputChannels], Strides: strides, Padding: slices.Clone(paddings),
		InputDilation: inputDilations, KernelDilation: kernelDilations,
		FeatureGroups: channelGroupCount, BatchGroups: batchGroupCount,
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("ConvGeneral: %w", err)
	}
	lay := convLayout{
		inDims: slices.Clone(inDims), kDims: slices.Clone(kDims), outDims: slices.Clone(shape.Dimensions),
		inPerm:  append(append([]int{axes.InputBatch}, axes.InputSpatial...), axes.InputChannels),
		kerPerm: append(slices.Clone(axes.KernelSpatial), axes.KernelInputChannels, axes.KernelOutputChannels),
	}
	canonOut := append(append([]int{axes.OutputBatch}, axes.OutputSpatial...), axes.OutputChannels)
	lay.outPerm = make([]int, len(canonOut)) // actual axis j is canonical axis outPerm[j]
	for i, a := range canonOut {
		lay.outPerm[a] = i
	}
	lay.canonOutDims = gather(shape.Dimensions, canonOut)
	name := "ConvGeneral/" + p.Path()
	if !isIdentity(lay.inPerm) || !isIdentity(lay.kerPerm) || !isIdentity(lay.outPerm) {
		name += "+transpose"
	}
	op, err := b.recordNative(name, in, shape, func(ins []any, out any) error {
		switch x := ins[0].(type) {
		case []float32:
			runConv(p, &lay, x, ins[1].([]float32), out.([]float32))
		case []float64:
			runConv(p, &lay, x, ins[1].([]float64), out.([]float64))
		}
		return nil
	})
	if err == nil {
		setFlops(op, convFlops(shape.Size(), p.KernelSpatial, kDims[axes.KernelInputChannels], inputDilations))
	}
	return op, err
}

type convLayout struct {
	inDims, kDims, outDims, canonOutDims []int
	inPerm, kerPerm, outPerm             []int
}

// toCanonical returns x in the permuted layout, using a scratch buffer when a copy is needed.
func toCanonical[T float32 | float64](x []T, dims, perm []int) (out []T, scratch bool) {
	if isIdentity(perm) {
		return x, false
	}
	buf := getScratch[T](len(x))
	tensorops.Transpose(buf, x, dims, perm)
	return buf, true
}

func runConv[T float32 | float64](p *conv.Params, lay *convLayout, x, k, out []T) {
	xc, xs := toCanonical(x, lay.inDims, lay.inPerm)
	kc, ks := toCanonical(k, lay.kDims, lay.kerPerm)
	if isIdentity(lay.outPerm) {
		conv.Conv(p, xc, kc, out)
	} else {
		tmp := getScratch[T](len(out))
		conv.Conv(p, xc, kc, tmp)
		tensorops.Transpose(out, tmp, lay.canonOutDims, lay.outPerm)
		putScratch(tmp)
	}
	if xs {
		putScratch(xc)
	}
	if ks {
		putScratch(kc)
	}
}

// DotGeneral implements backends.Builder with our GEMM. Operands whose layout is already
// [batch, free, contracting] (or [batch, contracting, free]) are used in place.
func (b *graphBuilder) DotGeneral(lhs backends.Op, lhsContractingAxes, lhsBatchAxes []int, rhs backends.Op,
	rhsContractingAxes, rhsBatchAxes []int) (backends.Op, error) {
	in, err := b.values("DotGeneral", []backends.Op{lhs, rhs})
	if err != nil {
		return nil, err
	}
	lc, lb := slices.Clone(lhsContractingAxes), slices.Clone(lhsBatchAxes)
	rc, rb := slices.Clone(rhsContractingAxes), slices.Clone(rhsBatchAxes)
	emit := func(sb backends.Builder, in []backends.Op) ([]backends.Op, error) {
		o, err := sb.DotGeneral(in[0], lc, lb, in[1], rc, rb)
		return []backends.Op{o}, err
	}
	if !b.backend.stockKernels && isHalf(in[0].shape.DType) && in[1].shape.DType == in[0].shape.DType {
		return b.inFloat32([]backends.Op{lhs, rhs}, in[0].shape.DType, func(wide []backends.Op) (backends.Op, error) {
			return b.DotGeneral(wide[0], lc, lb, wide[1], rc, rb)
		})
	}
	if b.backend.stockKernels || !isFloat(in[0].shape.DType) || in[0].shape.DType != in[1].shape.DType {
		return first(b.record("DotGeneral", []backends.Op{lhs, rhs}, emit))
	}
	if x, c, bt, ok := foldTranspose(in[0], lc, lb); ok {
		return b.DotGeneral(x, c, bt, rhs, rc, rb)
	}
	if x, c, bt, ok := foldTranspose(in[1], rc, rb); ok {
		return b.DotGeneral(lhs, lc, lb, x, c, bt)
	}
	so, err := b.shadow.DotGeneral(in[0].shadow, lc, lb, in[1].shadow, rc, rb)
	if err != nil {
		return nil, err
	}
	shape, _ := b.shadow.OpShape(so)
	plan := newDotPlan(in[0].shape.Dimensions, lc, lb, in[1].shape.Dimensions, rc, rb)
	op, err := b.recordNative("DotGeneral", in, shape, dotKernel(plan))
	if err == nil {
		setFlops(op, plan.flops())
		op.(*value).node.attrs = plan // for the rewrites of products (fuseSums, prepackRHS, transposeProducts)
	}
	return op, err
}

// dotKernel runs the product plan describes.
func dotKernel(plan *dotPlan) kernelFn {
	return func(ins []any, out any) error {
		switch a := ins[0].(type) {
		case []float32:
			runDot(plan, a, ins[1].([]float32), out.([]float32), gemm.Sgemm)
		case []float64:
			runDot(plan, a, ins[1].([]float64), out.([]float64), gemm.Dgemm)
		}
		return nil
	}
}

func (p *dotPlan) flops() float64 {
	return 2 * float64(p.batch) * float64(p.m) * float64(p.n) * float64(p.k)
}

// foldTranspose reads a product's operand v = Transpose(x, perm) as x itself: v's axis a is x's
// axis perm[a], so the contracting and batch axes map through perm, and the output is the same
// when v's free axes keep their order in x. Autodiff transposes an activation or a weight for
// each product of a backward pass (h^T·dy, dy·W^T); the GEMM reads either transposed in place,
// and the Transpose, now unread, is never run (each was a full copy: in a PTB training step, a
// copy of every cell weight per time step, a fifth of the step).
func foldTranspose(v *value, contracting, batch []int) (*value, []int, []int, bool) {
	t, ok := v.node.attrs.(transposeOf)
	if !ok || v.node.kernel == nil {
		return nil, nil, nil, false
	}
	last := -1
	for _, a := range freeAxes(len(t.perm), contracting, batch) {
		if t.perm[a] < last {
			return nil, nil, nil, false
		}
		last = t.perm[a]
	}
	mapAxes := func(axes []int) []int {
		out := make([]int, len(axes))
		for i, a := range axes {
			out[i] = t.perm[a]
		}
		return out
	}
	return t.x, mapAxes(contracting), mapAxes(batch), true
}

// dotPlan is a DotGeneral reduced to B batched (M×K)·(K×N) products.
type dotPlan struct {
	batch, m, n, k   int
	lhsDims, rhsDims []int
	lhsPerm, rhsPerm []int // nil when the operand is used in place
	transA, transB   bool
}

func freeAxes(rank int, used ...[]int) []int {
	var free []int
	for a := 0; a < rank; a++ {
		isUsed := false
		for _, u := range used {
			isUsed = isUsed || slices.Contains(u, a)
		}
		if !isUsed {
			free = append(free, a)
		}
	}
	return free
}

func prod(dims []int, axes []int) int {
	p := 1
	for _, a := range axes {
		p *= dims[a]
	}
	return p
}

func newDotPlan(lDims, lc, lb, rDims, rc, rb []int) *dotPlan {
	lf := freeAxes(len(lDims), lc, lb)
	rf := freeAxes(len(rDims), rc, rb)
	p := &dotPlan{batch: prod(lDims, lb), m: prod(lDims, lf), k: prod(lDims, lc), n: prod(rDims, rf),
		lhsDims: slices.Clone(lDims), rhsDims: slices.Clone(rDims)}
	cat := func(parts ...[]int) []int { return slices.Concat(parts...) }
	switch {
	case isIdentity(cat(lb, lf, lc)):
	case isIdentity(cat(lb, lc, lf)):
		p.transA = true
	default:
		p.lhsPerm = cat(lb, lf, lc)
	}
	switch {
	case isIdentity(cat(rb, rc, rf)):
	case isIdentity(cat(rb, rf, rc)):
		p.transB = true
	default:
		p.rhsPerm = cat(rb, rc, rf)
	}
	return p
}

func runDot[T float32 | float64](p *dotPlan, a, b, out []T,
	mm func(bool, bool, int, int, int, T, []T, int, []T, int, T, []T, int)) {
	if p.lhsPerm != nil {
		buf := getScratch[T](len(a))
		tensorops.Transpose(buf, a, p.lhsDims, p.lhsPerm)
		defer putScratch(buf)
		a = buf
	}
	if p.rhsPerm != nil {
		buf := getScratch[T](len(b))
		tensorops.Transpose(buf, b, p.rhsDims, p.rhsPerm)
		defer putScratch(buf)
		b = buf
	}
	lda, ldb := p.k, p.n
	if p.transA {
		lda = p.m
	}
	if p.transB {
		ldb = p.k
	}
	mk, kn, mn := p.m*p.k, p.k*p.n, p.m*p.n
	for i := 0; i < p.batch; i++ {
		mm(p.transA, p.transB, p.m, p.n, p.k, 1, a[i*mk:], lda, b[i*kn:], ldb, 0, out[i*mn:], p.n)
	}
}

// SelectAndScatterMax implements backends.Builder (missing from the pure-Go backend; needed by the
// gradient of max pooling).
func (b *graphBuilder) SelectAndScatterMax(operand, source backends.Op, windowDimensions, windowStrides []int,
	paddings [][2]int) (backends.Op, error) {
	return b.selectAndScatter("SelectAndScatterMax", operand, source, windowDimensions, windowStrides, paddings, true)
}

// SelectAndScatterMin implements backends.Builder.
func (b *graphBuilder) SelectAndScatterMin(operand, source backends.Op, windowDimensions, windowStrides []int,
	paddings [][2]int) (backends.Op, error) {
	return b.selectAndScatter("SelectAndScatterMin", operand, source, windowDimensions, windowStrides, paddings, false)
}

func (b *graphBuilder) selectAndScatter(name string, operand, source backends.Op, window, strides []int,
	paddings [][2]int, isMax bool) (backends.Op, error) {
	in, err := b.values(name, []backends.Op{operand, source})
	if err != nil {
		return nil, err
	}
	x, s := in[0].shape, in[1].shape
	if isHalf(x.DType) && s.DType == x.DType {
		return b.inFloat32([]backends.Op{operand, source}, x.DType, func(wide []backends.Op) (backends.Op, error) {
			return b.selectAndScatter(name, wide[0], wide[1], window, strides, paddings, isMax)
		})
	}
	if !isFloat(x.DType) || s.DType != x.DType {
		return nil, fmt.Errorf("%s: operand %s and source %s must be the same float dtype", name, x, s)
	}
	rank := x.Rank()
	if len(window) != rank {
		return nil, fmt.Errorf("%s: %d window dimensions for operand %s", name, len(window), x)
	}
	strides = onesIfNil(strides, rank)
	if len(paddings) == 0 {
		paddings = make([][2]int, rank)
	}
	dims := slices.Clone(x.Dimensions)
	window, paddings = slices.Clone(window), slices.Clone(paddings)
	if want := tensorops.WindowOutputShape(dims, window, strides, paddings); !slices.Equal(want, s.Dimensions) {
		return nil, fmt.Errorf("%s: source shape %s, want dimensions %v for operand %s", name, s, want, x)
	}
	return b.recordNative(name, in, x, func(ins []any, out any) error {
		switch op := ins[0].(type) {
		case []float32:
			tensorops.SelectAndScatter(out.([]float32), op, dims, ins[1].([]float32), window, strides, paddings, isMax)
		case []float64:
			tensorops.SelectAndScatter(out.([]float64), op, dims, ins[1].([]float64), window, strides, paddings, isMax)
		}
		return nil
	})
}

// Dot implements backends.Builder as a DotGeneral (XLA's Dot: contract lhs's last axis with rhs's
// first, for operands of rank 1 or 2), so it runs on our GEMM too.
func (b *graphBuilder) Dot(lhs, rhs backends.Op) (backends.Op, error) {
	in, err := b.values("Dot", []backends.Op{lhs, rhs})
	if err != nil {
		return nil, err
	}
	lr, rr := in[0].shape.Rank(), in[1].shape.Rank()
	if lr < 1 || lr > 2 || rr < 1 || rr > 2 {
		return nil, fmt.Errorf("Dot: operands of rank 1 or 2 expected, got %s and %s", in[0].shape, in[1].shape)
	}
	return b.DotGeneral(lhs, []int{lr - 1}, nil, rhs, []int{0}, nil)
}
