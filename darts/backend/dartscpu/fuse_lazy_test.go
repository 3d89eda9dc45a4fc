package dartscpu

import (
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph"
)

// TestIndicatorIsRecomputedWhereRead: a ReLU's indicator GreaterThan(y, 0), read only after a
// chain of matrix products (as a backward pass reads it), is recomputed from y, which a product
// reads anyway, by the group that reads it, not written out as a value of its own: 4 values of
// y's size written by fused groups (y, the first two Tanh, the last Tanh's product with the
// indicator) instead of 5 with "no-lazy"; the results are bitwise those of "no-lazy" and of the
// unfused ops.
func TestIndicatorIsRecomputedWhereRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	const n = 256
	x, w := randomTensor(rng, n, n), randomTensor(rng, n, n)
	fn := func(x, w *Node) *Node {
		zero := ScalarZero(x.Graph(), x.DType())
		y := Mul(x, ConvertDType(GreaterThan(x, zero), x.DType()))
		h := y
		for range 3 {
			h = Tanh(MatMul(h, w))
		}
		return Mul(h, ConvertDType(GreaterThan(y, zero), x.DType()))
	}
	want := map[string]int{"": 4, "no-lazy": 5}
	var results [][][]float32
	for _, config := range []string{"", "no-lazy", "no-fusion"} {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		var e *executable
		b.(*cpuBackend).onCompile = func(c *executable) { e = c }
		results = append(results, MustNewExec(b, fn).MustExec(must(x.LocalClone()), must(w.LocalClone()))[0].Value().([][]float32))
		if w, ok := want[config]; ok {
			written := 0
			for k, st := range e.steps {
				for _, s := range e.stepOut[k] {
					if st.native == nil && e.slotShape[s].Size() == n*n {
						written++
					}
				}
			}
			if written != w {
				t.Errorf("backend %q: %d values of %d elements written by fused groups, want %d", config, written, n*n, w)
			}
		}
		b.Finalize()
	}
	for i := 1; i < len(results); i++ {
		a, b := results[0], results[i]
		for r := range a {
			for c := range a[r] {
				if a[r][c] != b[r][c] {
					t.Fatalf("result %d [%d,%d]: %g, want %g", i, r, c, b[r][c], a[r][c])
				}
			}
		}
	}
}
