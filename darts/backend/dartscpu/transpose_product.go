package dartscpu

import "slices"

// The gradient of a tied decoder's weight comes out of autodiff transposed: the model multiplies
// by Eᵀ, so the product gives (Eᵀ)'s gradient, [850, 10000] in PTB training, and the Transpose's
// gradient copies it into E's layout. (A·B)ᵀ = Bᵀ·Aᵀ is the same product with its operands
// swapped and read the other way, which the GEMM does in place: the copy goes (21 ms a step).

// transposeProducts rewrites each Transpose of a matrix product that nothing else reads into the
// transposed product itself, in place, and returns how many it rewrote.
func transposeProducts(nodes []*node, needed []bool, outputs []*value) int {
	reads := readCounts(nodes, needed, outputs)
	rewritten := 0
	for _, n := range nodes {
		t, ok := n.attrs.(transposeOf)
		if !ok || !needed[n.id] || !slices.Equal(t.perm, []int{1, 0}) || reads[t.x] != 1 {
			continue
		}
		p, ok := t.x.node.attrs.(*dotPlan)
		if !ok || p.batch != 1 || p.lhsPerm != nil || p.rhsPerm != nil {
			continue
		}
		// op(B)ᵀ is B read with the other flag; so is op(A)ᵀ.
		swapped := &dotPlan{batch: 1, m: p.n, n: p.m, k: p.k, transA: !p.transB, transB: !p.transA,
			lhsDims: p.rhsDims, rhsDims: p.lhsDims}
		n.inputs = []*value{t.x.node.inputs[1], t.x.node.inputs[0]}
		n.name, n.attrs, n.kernel, n.flops = "DotGeneral", swapped, dotKernel(swapped), swapped.flops()
		rewritten++
	}
	return rewritten
}

// readCounts returns how many times each value is read by the needed nodes and the outputs.
func readCounts(nodes []*node, needed []bool, outputs []*value) map[*value]int {
	reads := make(map[*value]int)
	for _, n := range nodes {
		if needed[n.id] {
			for _, in := range n.inputs {
				reads[in]++
			}
		}
	}
	for _, v := range outputs {
		reads[v]++
	}
	return reads
}
