package dartscpu

// fuseSums rewrites sums whose terms can be computed together: every tree of Adds whose leaves
// are all matrix products of one shape (fuseDotSum) or all zero-padded pieces of one tensor
// (fusePadSum). The root Add becomes the new op in place, so its readers are untouched; the
// inner Adds and the terms, read by nothing else, are left for neededNodes to drop. It returns
// how many sums it rewrote.
func (b *graphBuilder) fuseSums(needed []bool, outputs []*value) int {
	reads := readCounts(b.nodes, needed, outputs)
	absorbed := make([]bool, len(b.nodes))
	fused := 0
	// Roots before their subtrees: a consumer is always created after what it reads.
	for i := len(b.nodes) - 1; i >= 0; i-- {
		n := b.nodes[i]
		if !needed[n.id] || absorbed[n.id] || !isSumNode(n) {
			continue
		}
		leaves, inner, ok := sumLeaves(n, reads)
		if !ok || !(fuseDotSum(n, leaves) || b.fusePadSum(n, leaves)) {
			continue
		}
		for _, m := range inner {
			absorbed[m.id] = true
		}
		fused++
	}
	return fused
}

// sumLeaves returns the terms of the sum rooted at the Add node n and the nodes between (inner
// Adds and the terms' nodes), provided every one of those values is read only by the sum.
func sumLeaves(n *node, reads map[*value]int) (leaves []*value, inner []*node, ok bool) {
	ok = true
	var collect func(v *value)
	collect = func(v *value) {
		switch {
		case !ok:
		case reads[v] != 1 || len(v.node.outputs) != 1:
			ok = false
		case isSumNode(v.node):
			inner = append(inner, v.node)
			collect(v.node.inputs[0])
			collect(v.node.inputs[1])
		default:
			inner = append(inner, v.node)
			leaves = append(leaves, v)
		}
	}
	collect(n.inputs[0])
	collect(n.inputs[1])
	return leaves, inner, ok
}

// isSumNode reports whether n is a recorded (not yet rewritten) Add of two same-shaped floats.
func isSumNode(n *node) bool {
	return n.name == "Add" && n.emit != nil && len(n.inputs) == 2 && isFloat(n.outputs[0].shape.DType) &&
		n.inputs[0].shape.Equal(n.inputs[1].shape) && n.inputs[0].shape.Equal(n.outputs[0].shape)
}
