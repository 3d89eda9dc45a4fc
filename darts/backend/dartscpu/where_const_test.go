package dartscpu

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestWhereOnAConstantIsItsOperand: Where(const false, 0, x) and Where(const true, x, 0) are x
// itself, bit for bit (−0 included), and no step runs a Where or copies x; a Where on a computed
// condition still runs.
func TestWhereOnAConstantIsItsOperand(t *testing.T) {
	x := tensors.FromFlatDataAndDimensions([]float32{float32(math.Copysign(0, -1)), 1.5, -2, 3}, 4)
	fn := func(x *Node) []*Node {
		g := x.Graph()
		zero := ScalarZero(g, dtypes.Float32)
		a := Where(Const(g, false), zero, x)
		b := Where(Const(g, true), x, zero)
		c := Where(GreaterThan(x, zero), x, zero)
		return []*Node{Mul(a, b), a, c}
	}
	b, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	var e *executable
	b.(*cpuBackend).onCompile = func(c *executable) { e = c }
	outs := MustNewExec(b, fn).MustExec(must(x.LocalClone()))
	var ops []opcode
	for _, st := range e.steps {
		if st.program != nil {
			for _, in := range st.program.instrs {
				ops = append(ops, in.op)
			}
		}
	}
	whereCount := 0
	for _, op := range ops {
		if op == opWhere {
			whereCount++
		}
	}
	if whereCount != 1 || len(ops) != 3 { // Mul; GT and Where for c
		t.Errorf("fused instructions %v, want Mul, GT, Where", ops)
	}
	xs := x.Value().([]float32)
	prod, a, c := outs[0].Value().([]float32), outs[1].Value().([]float32), outs[2].Value().([]float32)
	for i, v := range xs {
		wantC := float32(0)
		if v > 0 {
			wantC = v
		}
		if math.Float32bits(a[i]) != math.Float32bits(v) || math.Float32bits(prod[i]) != math.Float32bits(v*v) || c[i] != wantC {
			t.Fatalf("element %d: a %g, a·b %g, c %g; want %g, %g, %g", i, a[i], prod[i], c[i], v, v*v, wantC)
		}
	}
}
