package dartscpu

// A Reshape changes no data: the values are flat, row-major arrays, and every native kernel
// captured the dimensions it needs when it was recorded. A Reshape that only native ops read
// was nevertheless a fused group of its own, a full copy: the recurrent search reshapes each
// node's product [n·256, 600] to [n, 256, 600] before slicing it, 140 copies of up to 4.9 MB a
// step. bypassReshapes makes native readers read the Reshape's operand instead; a Reshape that
// fused groups or pure-Go segments still read stays for them (a fused group reads it without a
// copy anyway).

// bypassReshapes points every native node's Reshape inputs at what they reshape, through chains
// of Reshapes, and returns how many inputs it moved.
func bypassReshapes(nodes []*node, needed []bool) int {
	moved := 0
	for _, n := range nodes {
		if !needed[n.id] || n.kernel == nil {
			continue
		}
		for i, in := range n.inputs {
			src := in
			for src.node.name == "Reshape" && src.node.emit != nil && len(src.node.inputs) == 1 &&
				src.node.inputs[0].shape.DType == src.shape.DType {
				src = src.node.inputs[0]
			}
			if src != in {
				n.inputs[i] = src
				moved++
			}
		}
	}
	return moved
}
