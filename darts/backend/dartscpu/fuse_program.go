package dartscpu

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// regKind says where a register's block of values lives.
type regKind uint8

const (
	regTemp       regKind = iota // scratch, per goroutine
	regInputView                 // a full float input, read in place
	regOutputView                // a float output, written in place
)

type fusedReg struct {
	kind  regKind
	index int // temp, input or output index
}

type fusedInput struct {
	pattern pattern
	isBool  bool
	reg     int // the register it is read into (or viewed as)
}

type fusedOutput struct {
	isBool bool
	reg    int
}

type instr struct {
	op      opcode
	dst     int
	a, b, c int // operand registers (-1 when unused)
}

// fusedProgram is a compiled fused group.
type fusedProgram struct {
	size     int
	f64      bool
	regs     []fusedReg
	numTemps int
	inputs   []fusedInput
	outputs  []fusedOutput
	instrs   []instr
	numOps   int
}

// compileFused builds the program of a fused step: members in order, reading external values
// (st.inputs, with their patterns) and writing the members read later (st.outputs).
func compileFused(st *step, isUsedOutside func(*value) bool) (*fusedProgram, error) {
	members := st.fusedNodes
	class := st.class
	p := &fusedProgram{size: class.size, f64: class.f64, numOps: len(members)}
	isMember := make(map[*node]bool, len(members))
	for _, n := range members {
		isMember[n] = true
	}
	regOf := make(map[*value]int)
	type extKey struct {
		v *value
		p pattern
	}
	extReg := make(map[extKey]int)
	newReg := func(r fusedReg) int {
		p.regs = append(p.regs, r)
		return len(p.regs) - 1
	}
	operand := func(n *node, i int) (int, error) {
		in := n.inputs[i]
		pats := st.patterns[n]
		if isMember[in.node] {
			if !pats[i].isFull(class.size) {
				return 0, fmt.Errorf("fusion: %s reads member %s through a broadcast", n.name, in.node.name)
			}
			return regOf[in], nil
		}
		key := extKey{in, pats[i]}
		if r, ok := extReg[key]; ok {
			return r, nil
		}
		isBool := in.shape.DType == dtypes.Bool
		var r int
		if pats[i].isFull(class.size) && !isBool {
			r = newReg(fusedReg{kind: regInputView, index: len(p.inputs)})
		} else {
			r = newReg(fusedReg{kind: regTemp})
		}
		st.inputs = append(st.inputs, in)
		p.inputs = append(p.inputs, fusedInput{pattern: pats[i], isBool: isBool, reg: r})
		extReg[key] = r
		return r, nil
	}
	for _, n := range members {
		v := n.outputs[0]
		materialize := isUsedOutside(v)
		isBool := v.shape.DType == dtypes.Bool
		ops := make([]int, len(n.inputs))
		for i := range n.inputs {
			r, err := operand(n, i)
			if err != nil {
				return nil, err
			}
			ops[i] = r
		}
		code := fusibleOps[n.name]
		if n.name == "ConvertDType" && isBool && n.inputs[0].shape.DType != dtypes.Bool {
			code = opToBool
		}
		if code == opCopy && !materialize {
			regOf[v] = ops[0] // a view of the same values: no instruction
			continue
		}
		var dst int
		if materialize && !isBool {
			dst = newReg(fusedReg{kind: regOutputView, index: len(p.outputs)})
		} else {
			dst = newReg(fusedReg{kind: regTemp})
		}
		if materialize {
			st.outputs = append(st.outputs, v)
			p.outputs = append(p.outputs, fusedOutput{isBool: isBool, reg: dst})
		}
		regOf[v] = dst
		in := instr{op: code, dst: dst, a: -1, b: -1, c: -1}
		for i, r := range ops {
			switch i {
			case 0:
				in.a = r
			case 1:
				in.b = r
			case 2:
				in.c = r
			}
		}
		p.instrs = append(p.instrs, in)
	}
	p.fuseProducts()
	p.fuseReLUSums()
	p.allocateTemps()
	return p, nil
}

// allocateTemps maps temp registers onto as few scratch blocks as their lifetimes allow. Temps
// that hold inputs or bool outputs live for the whole block.
func (p *fusedProgram) allocateTemps() {
	lastUse := make([]int, len(p.regs))
	for i := range lastUse {
		lastUse[i] = -1
	}
	wholeBlock := len(p.instrs)
	for _, in := range p.inputs {
		lastUse[in.reg] = wholeBlock
	}
	for _, out := range p.outputs {
		lastUse[out.reg] = wholeBlock
	}
	for k, in := range p.instrs {
		for _, r := range []int{in.a, in.b, in.c} {
			if r >= 0 && lastUse[r] < k {
				lastUse[r] = k
			}
		}
		if lastUse[in.dst] < k {
			lastUse[in.dst] = k
		}
	}
	slotOf := make([]int, len(p.regs))
	var free []int
	assign := func(r int) {
		if p.regs[r].kind != regTemp {
			return
		}
		if n := len(free); n > 0 {
			slotOf[r], free = free[n-1], free[:n-1]
		} else {
			slotOf[r] = p.numTemps
			p.numTemps++
		}
		p.regs[r].index = slotOf[r]
	}
	for _, in := range p.inputs {
		assign(in.reg)
	}
	for k, in := range p.instrs {
		assign(in.dst)
		// Operands whose last use is this instruction free their slot for later instructions
		// (not for this one's destination, which was assigned first).
		for _, r := range []int{in.a, in.b, in.c} {
			if r >= 0 && p.regs[r].kind == regTemp && lastUse[r] == k {
				free = append(free, p.regs[r].index)
				lastUse[r] = -2 // freed once
			}
		}
	}
}
