package dartscpu

// Instruction selection on a compiled fused program: instructions that one vec pass computes bit
// for bit the same, merged so that each block is walked once instead of twice.

// fuseProducts merges a comparison b > c whose 0/1 result only products read, Mul(a, GT(b, c))
// (a ReLU's forward x·(x > 0) and backward g·(y > 0)), into one opMulGT per product, and drops
// the comparison. Registers are assigned once before allocateTemps, so the comparison's operands
// still hold their values at each product.
func (p *fusedProgram) fuseProducts() {
	isGT := make([]bool, len(p.regs))
	for _, in := range p.instrs {
		isGT[in.dst] = in.op == opGT
	}
	reads := make([]int, len(p.regs))
	byProduct := make([]int, len(p.regs)) // reads by a Mul whose other operand is no comparison
	for _, in := range p.instrs {
		for _, r := range []int{in.a, in.b, in.c} {
			if r >= 0 {
				reads[r]++
			}
		}
		if in.op == opMul && in.a != in.b && isGT[in.a] != isGT[in.b] {
			byProduct[in.a]++
			byProduct[in.b]++
		}
	}
	for _, out := range p.outputs {
		reads[out.reg]++
	}
	gtOf := make(map[int]int) // register → index of the GT instruction writing it, when mergeable
	drop := make([]bool, len(p.instrs))
	for k, in := range p.instrs {
		switch in.op {
		case opGT:
			if reads[in.dst] > 0 && reads[in.dst] == byProduct[in.dst] && p.regs[in.dst].kind == regTemp {
				gtOf[in.dst] = k
				drop[k] = true
			}
		case opMul:
			x, ind := in.a, in.b
			j, ok := gtOf[ind]
			if !ok {
				x, ind = in.b, in.a
				j, ok = gtOf[ind]
			}
			if ok && x != ind {
				gt := p.instrs[j]
				p.instrs[k] = instr{op: opMulGT, dst: in.dst, a: x, b: gt.a, c: gt.b}
			}
		}
	}
	kept := p.instrs[:0]
	for k, in := range p.instrs {
		if !drop[k] {
			kept = append(kept, in)
		}
	}
	p.instrs = kept
}

// fuseReLUSums merges ops.ReLU's forward, after fuseProducts, MulGT(x, x, s) + Sub(x, x) into one
// opReLUSum when the sum alone reads the product and the difference.
func (p *fusedProgram) fuseReLUSums() {
	reads := make([]int, len(p.regs))
	for _, in := range p.instrs {
		for _, r := range []int{in.a, in.b, in.c} {
			if r >= 0 {
				reads[r]++
			}
		}
	}
	for _, out := range p.outputs {
		reads[out.reg]++
	}
	defOf := make(map[int]int) // single-use temp register → index of the instruction writing it
	for k, in := range p.instrs {
		if reads[in.dst] == 1 && p.regs[in.dst].kind == regTemp {
			defOf[in.dst] = k
		}
	}
	drop := make([]bool, len(p.instrs))
	for k, in := range p.instrs {
		if in.op != opAdd {
			continue
		}
		j, ok1 := defOf[in.a]
		i, ok2 := defOf[in.b]
		if !ok1 || !ok2 {
			continue
		}
		prod, diff := p.instrs[j], p.instrs[i]
		if prod.op != opMulGT {
			prod, diff = diff, prod
			i, j = j, i
		}
		x := prod.a
		if prod.op != opMulGT || prod.b != x || diff.op != opSub || diff.a != x || diff.b != x {
			continue
		}
		p.instrs[k] = instr{op: opReLUSum, dst: in.dst, a: x, b: prod.c, c: -1}
		drop[i], drop[j] = true, true
	}
	kept := p.instrs[:0]
	for k, in := range p.instrs {
		if !drop[k] {
			kept = append(kept, in)
		}
	}
	p.instrs = kept
}
