package dartscpu

import (
	"fmt"
	"testing"
)

// reluForwardProgram is the fused program of ops.ReLU's forward as the profile shows it
// (GT, Sub, Mul, Add): y = x·(x > 0) + (x − x), x full, 0 a scalar input; mask also writes
// the float mask GT(y, 0) out, as the forward group of a ReLU whose backward reads it.
func reluForwardProgram(size int, mask, selected bool) *fusedProgram {
	p := &fusedProgram{size: size,
		regs: []fusedReg{{kind: regInputView, index: 0}, {kind: regTemp}, {kind: regTemp}, {kind: regTemp}, {kind: regTemp},
			{kind: regOutputView, index: 0}},
		inputs:  []fusedInput{{pattern: pattern{1, size}, reg: 0}, {pattern: pattern{1, 1}, reg: 1}},
		outputs: []fusedOutput{{reg: 5}},
		instrs: []instr{{op: opGT, dst: 2, a: 0, b: 1, c: -1}, {op: opSub, dst: 3, a: 0, b: 0, c: -1},
			{op: opMul, dst: 4, a: 0, b: 2, c: -1}, {op: opAdd, dst: 5, a: 4, b: 3, c: -1}},
	}
	if mask {
		p.regs = append(p.regs, fusedReg{kind: regTemp}, fusedReg{kind: regOutputView, index: 1})
		p.outputs = append(p.outputs, fusedOutput{reg: 7})
		p.instrs = append(p.instrs, instr{op: opGT, dst: 6, a: 5, b: 1, c: -1}, instr{op: opCopy, dst: 7, a: 6, b: -1, c: -1})
	}
	if selected {
		p.fuseProducts()
	}
	p.allocateTemps()
	return p
}

func BenchmarkFusedReLU(b *testing.B) {
	for _, size := range []int{4096, 1 << 22} {
		for _, mask := range []bool{false, true} {
			for _, sel := range []bool{false, true} {
				b.Run(fmt.Sprintf("n=%d/mask=%v/mulgt=%v", size, mask, sel), func(b *testing.B) {
					p := reluForwardProgram(size, mask, sel)
					x := make([]float32, size)
					for i := range x {
						x[i] = float32(i%7) - 3
					}
					outs := []any{make([]float32, size)}
					if mask {
						outs = append(outs, make([]float32, size))
					}
					ins := []any{x, []float32{0}}
					b.SetBytes(int64(4 * size * (1 + len(outs))))
					for b.Loop() {
						runProgram[float32](p, ins, outs)
					}
				})
			}
		}
	}
}
