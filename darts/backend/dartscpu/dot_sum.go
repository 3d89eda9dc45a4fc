package dartscpu

import (
	"github.com/dartsml/godarts/darts/backend/gemm"
)

// A weight used at every time step of an unrolled recurrent network gets its gradient as a sum
// of products, one per step: autodiff adds hₜᵀ·dyₜ over the 35 steps of a PTB batch, each a
// 64-deep product that writes a whole weight-sized matrix, which the next Add reads again. The
// same sum is one product over the steps stacked along the contracting axis, Hᵀ·DY with
// H = [h₀; …; h₃₄]: a single 2240-deep GEMM that runs near the machine's peak and writes the
// gradient once (PTB training, 850 units: 280 products of 850×64·64×1700 and 272 weight-sized
// Adds per step become 9 products).

// dotSumMaxK bounds the depth of the products worth stacking. A shallow product writes as much
// as it computes (2k flops per element of its output, which the next Add reads again); a deep
// one already runs near the GEMM's peak, and stacking would only copy its operands and keep
// them all alive until the last step: the RNN search's weight gradients (k = 256 rows per
// state, up to 35·8·256 stacked) ran 30% of peak and took 1 GB more (10.1 s a step, was 9.1).
const dotSumMaxK = 128

// dotSumTerm is one product of a sum: lhs·rhs under plan.
type dotSumTerm struct {
	lhs, rhs *value
	plan     *dotPlan
}

// fuseDotSum turns the sum node n, whose terms are leaves, into one product over the terms'
// contracting axes stacked, when every term is a matrix product with the same free dimensions
// and layouts, read in place.
func fuseDotSum(n *node, leaves []*value) bool {
	terms := make([]dotSumTerm, len(leaves))
	for i, v := range leaves {
		plan, ok := v.node.attrs.(*dotPlan)
		if !ok || plan.batch != 1 || plan.lhsPerm != nil || plan.rhsPerm != nil || plan.k > dotSumMaxK {
			return false
		}
		if q := terms[0].plan; i > 0 && (plan.m != q.m || plan.n != q.n || plan.transA != q.transA || plan.transB != q.transB) {
			return false
		}
		terms[i] = dotSumTerm{lhs: v.node.inputs[0], rhs: v.node.inputs[1], plan: plan}
	}
	makeDotSum(n, terms)
	return true
}

// makeDotSum turns the Add node n into the product of the terms stacked along k.
func makeDotSum(n *node, terms []dotSumTerm) {
	p := terms[0].plan
	sum := &dotSumPlan{m: p.m, n: p.n, transA: p.transA, transB: p.transB}
	n.inputs = n.inputs[:0]
	for _, t := range terms {
		n.inputs = append(n.inputs, t.lhs, t.rhs)
		sum.ks = append(sum.ks, t.plan.k)
		sum.k += t.plan.k
	}
	n.name = "DotGeneral/summed over k"
	n.emit = nil
	n.attrs = nil
	n.flops = 2 * float64(sum.m) * float64(sum.n) * float64(sum.k)
	n.kernel = func(ins []any, out any) error {
		switch c := out.(type) {
		case []float32:
			runDotSum(sum, ins, c, gemm.Sgemm)
		case []float64:
			runDotSum(sum, ins, c, gemm.Dgemm)
		}
		return nil
	}
}

// dotSumPlan is Σᵢ op(Aᵢ)·op(Bᵢ) with op(Aᵢ) m×ks[i] and op(Bᵢ) ks[i]×n.
type dotSumPlan struct {
	m, n, k        int
	ks             []int
	transA, transB bool
}

// runDotSum stacks the terms' operands along k and multiplies once. A k-major operand (Aᵀ
// stored k×m, or B stored k×n) stacks as consecutive blocks; the other layout takes each
// term's rows side by side.
func runDotSum[T float32 | float64](p *dotSumPlan, ins []any, c []T,
	mm func(bool, bool, int, int, int, T, []T, int, []T, int, T, []T, int)) {
	a := getScratch[T](p.m * p.k)
	b := getScratch[T](p.k * p.n)
	defer putScratch(a)
	defer putScratch(b)
	off := 0
	for i, k := range p.ks {
		stackAlongK(a, ins[2*i].([]T), p.m, k, p.k, off, p.transA)
		stackAlongK(b, ins[2*i+1].([]T), p.n, k, p.k, off, !p.transB)
		off += k
	}
	lda, ldb := p.k, p.n
	if p.transA {
		lda = p.m
	}
	if p.transB {
		ldb = p.k
	}
	mm(p.transA, p.transB, p.m, p.n, p.k, 1, a, lda, b, ldb, 0, c, p.n)
}

// stackAlongK copies x, a term of depth k over `free` free elements, into dst at contracting
// offset off of the total depth kTotal: rows off..off+k of a kTotal×free dst when kMajor,
// columns off..off+k of a free×kTotal dst otherwise.
func stackAlongK[T float32 | float64](dst, x []T, free, k, kTotal, off int, kMajor bool) {
	if kMajor {
		copy(dst[off*free:(off+k)*free], x[:k*free])
		return
	}
	for r := 0; r < free; r++ {
		copy(dst[r*kTotal+off:r*kTotal+off+k], x[r*k:(r+1)*k])
	}
}
