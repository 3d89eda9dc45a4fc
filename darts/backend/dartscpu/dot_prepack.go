package dartscpu

import (
	"slices"

	"github.com/dartsml/godarts/darts/backend/gemm"
	"github.com/dartsml/godarts/darts/backend/tensorops"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// An unrolled recurrent network multiplies by each weight once per time step, forward (h·W)
// and backward (dy·Wᵀ). Every one of those products packed the weight again or read it in place
// with a row stride of several KB, a new page per row, which the prefetchers do not follow
// (gemm.GemmPacked). prepackRHS packs such a weight once per layout: one node packs it, and
// every product that reads it in that layout reads the panels.

// packedRHS identifies one packed layout of a right operand.
type packedRHS struct {
	rhs    *value
	transB bool
	k, n   int
}

// prepackRHS inserts a pack node for every value that at least two products read as their right
// operand with the same layout, just before the first of them, and makes those products read
// the packed panels. It returns how many pack nodes it inserted; node ids change when it does.
func (b *graphBuilder) prepackRHS(needed []bool) int {
	readers := make(map[packedRHS][]*node)
	var order []packedRHS
	for _, n := range b.nodes {
		plan, ok := n.attrs.(*dotPlan)
		if !ok || !needed[n.id] || plan.batch != 1 || plan.rhsPerm != nil {
			continue
		}
		key := packedRHS{rhs: n.inputs[1], transB: plan.transB, k: plan.k, n: plan.n}
		if readers[key] == nil {
			order = append(order, key)
		}
		readers[key] = append(readers[key], n)
	}
	inserted := 0
	for _, key := range order {
		if len(readers[key]) < 2 {
			continue
		}
		pack := newPackNode(key)
		first := readers[key][0].id
		b.nodes = slices.Insert(b.nodes, first, pack)
		for i, n := range b.nodes[first:] {
			n.id = first + i
		}
		for _, n := range readers[key] {
			readPacked(n, pack.outputs[0])
		}
		inserted++
	}
	return inserted
}

// newPackNode returns a node that packs key.rhs into gemm's panels.
func newPackNode(key packedRHS) *node {
	dtype := key.rhs.shape.DType
	size := gemm.PackedLen[float32](key.k, key.n)
	if dtype == dtypes.Float64 {
		size = gemm.PackedLen[float64](key.k, key.n)
	}
	ldb := key.n
	if key.transB {
		ldb = key.k
	}
	pack := &node{name: "PackB", inputs: []*value{key.rhs}, param: -1,
		kernel: func(ins []any, out any) error {
			switch w := ins[0].(type) {
			case []float32:
				gemm.PackB(key.transB, key.k, key.n, w, ldb, out.([]float32))
			case []float64:
				gemm.PackB(key.transB, key.k, key.n, w, ldb, out.([]float64))
			}
			return nil
		}}
	pack.outputs = []*value{{node: pack, shape: shapes.Make(dtype, size)}}
	return pack
}

// readPacked makes the product n read its right operand from packed.
func readPacked(n *node, packed *value) {
	plan := n.attrs.(*dotPlan)
	n.inputs = []*value{n.inputs[0], packed}
	n.name = "DotGeneral/packed B"
	n.attrs = nil // no longer a plain product (fuseDotSums)
	n.kernel = func(ins []any, out any) error {
		switch a := ins[0].(type) {
		case []float32:
			runDotPacked(plan, a, ins[1].([]float32), out.([]float32))
		case []float64:
			runDotPacked(plan, a, ins[1].([]float64), out.([]float64))
		}
		return nil
	}
}

func runDotPacked[T float32 | float64](p *dotPlan, a, packed, out []T) {
	if p.lhsPerm != nil {
		buf := getScratch[T](len(a))
		defer putScratch(buf)
		tensorops.Transpose(buf, a, p.lhsDims, p.lhsPerm)
		a = buf
	}
	lda := p.k
	if p.transA {
		lda = p.m
	}
	gemm.GemmPacked(p.transA, p.m, p.n, p.k, 1, a, lda, packed, 0, out, p.n)
}
