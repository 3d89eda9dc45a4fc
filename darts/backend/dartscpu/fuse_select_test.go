package dartscpu

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestReLUProductIsOneInstruction: ops.ReLU's forward x·(x > 0) + (x − x) compiles to one
// opReLUSum and its backward g·(x > 0) to one opMulGT, in float32 and float64, and they give bit
// for bit the unfused ops' results on values with NaNs, ±Inf and ±0, at a length that is no
// multiple of 8; a product of two indicators stays GT, GT, Mul.
func TestReLUProductIsOneInstruction(t *testing.T) {
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1.5, -2.25}
	const n = 1003
	for _, dt := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
		xs, gs := make([]float64, n), make([]float64, n)
		for i := range xs {
			xs[i], gs[i] = specials[i%len(specials)], specials[(i/len(specials))%len(specials)]
		}
		mk := func(v []float64) *tensors.Tensor {
			if dt == dtypes.Float64 {
				return tensors.FromFlatDataAndDimensions(v, n)
			}
			f := make([]float32, n)
			for i, x := range v {
				f[i] = float32(x)
			}
			return tensors.FromFlatDataAndDimensions(f, n)
		}
		fn := func(x, g *Node) []*Node {
			zero := ScalarZero(x.Graph(), dt)
			ind := ConvertDType(GreaterThan(x, zero), dt)
			both := Mul(ConvertDType(GreaterThan(x, zero), dt), ConvertDType(GreaterThan(g, zero), dt))
			return []*Node{Add(Mul(x, ind), Sub(x, x)), Mul(g, ind), both}
		}
		var results [][]float64
		for _, config := range []string{"", "no-fusion"} {
			b, err := New(config)
			if err != nil {
				t.Fatal(err)
			}
			var e *executable
			b.(*cpuBackend).onCompile = func(c *executable) { e = c }
			for _, out := range MustNewExec(b, fn).MustExec(mk(xs), mk(gs)) {
				results = append(results, toF64(out))
			}
			if config == "" {
				var ops []opcode
				for _, st := range e.steps {
					if st.program != nil {
						for _, in := range st.program.instrs {
							ops = append(ops, in.op)
						}
					}
				}
				want := []opcode{opMulGT, opGT, opGT, opMul, opReLUSum}
				if fmt.Sprint(ops) != fmt.Sprint(want) {
					t.Errorf("%s: fused instructions %v, want %v", dt, ops, want)
				}
			}
			b.Finalize()
		}
		for i := range 3 {
			for j, want := range results[3+i] {
				if got := results[i][j]; math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s output %d [%d]: fused %g, unfused %g (x %g, g %g)", dt, i, j, got, want, xs[j], gs[j])
				}
			}
		}
	}
}
