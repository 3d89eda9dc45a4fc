package dartscpu

import (
	"fmt"
	"testing"
)

// TestRunProgramReadsEachBlocksOperands runs a program over per-row float and bool operands, a
// scalar and a full one, whose rows are longer or shorter than a block, aligned with the blocks
// or not, split between two workers or not, and checks every element against its definition:
// out = x·r[row] + s where b[row], x elsewhere. Slots kept from block to block (scalars, rows
// spanning blocks) must be refilled exactly when their value changes.
func TestRunProgramReadsEachBlocksOperands(t *testing.T) {
	for _, c := range []struct{ stride, m, reps int }{{700, 5, 2}, {1024, 3, 2}, {5000, 7, 2}, {100, 9, 3}, {512, 4, 1}, {3000, 2, 12}} {
		t.Run(fmt.Sprintf("stride=%d/m=%d", c.stride, c.m), func(t *testing.T) {
			size := c.stride * c.m * c.reps
			full := pattern{1, size}
			row := pattern{c.stride, c.m}
			p := &fusedProgram{size: size,
				regs: []fusedReg{{kind: regInputView, index: 0}, {kind: regTemp}, {kind: regTemp}, {kind: regTemp},
					{kind: regTemp}, {kind: regTemp}, {kind: regOutputView, index: 0}},
				inputs: []fusedInput{{pattern: full, reg: 0}, {pattern: row, reg: 1}, {pattern: row, isBool: true, reg: 2},
					{pattern: pattern{1, 1}, reg: 3}},
				outputs: []fusedOutput{{reg: 6}},
				instrs: []instr{{op: opMul, dst: 4, a: 0, b: 1, c: -1}, {op: opAdd, dst: 5, a: 4, b: 3, c: -1},
					{op: opWhere, dst: 6, a: 2, b: 5, c: 0}},
			}
			p.allocateTemps()
			x, r, b := make([]float32, size), make([]float32, c.m), make([]bool, c.m)
			for i := range x {
				x[i] = float32(i%13) - 6
			}
			for i := range r {
				r[i], b[i] = float32(i+2), i%3 != 1
			}
			out := make([]float32, size)
			runProgram[float32](p, []any{x, r, b, []float32{0.5}}, []any{out})
			for i, got := range out {
				k := (i / c.stride) % c.m
				want := x[i]
				if b[k] {
					want = x[i]*r[k] + 0.5
				}
				if got != want {
					t.Fatalf("element %d (row %d): %g, want %g", i, k, got, want)
				}
			}
		})
	}
}
