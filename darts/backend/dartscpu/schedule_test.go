package dartscpu

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph"
)

// TestLateConsumerWaitsForTheWindow: an element-wise consumer built far later than its input (as
// autodiff builds a ReLU's backward indicator from the forward output) is not pulled into the
// fused group that computes the input, where its output would stay alive across everything built
// in between (here a chain of products, at least twice the schedule's window in nodes): it runs
// once the window reaches it, after at least a quarter of the chain. The results are bitwise
// those of the unfused schedule.
func TestLateConsumerWaitsForTheWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	const n = 1 << 18
	x, w, h0 := randomTensor(rng, n), randomTensor(rng, 4, 4), randomTensor(rng, 4, 4)
	fn := func(x, w, h0 *Node) *Node {
		zero := ScalarZero(x.Graph(), dtypes.Float32)
		y := Mul(x, Scalar(x.Graph(), dtypes.Float32, 2))
		h := Add(h0, ReduceAllSum(y)) // y is needed at once
		for range scheduleWindow {
			h = Tanh(MatMul(h, w))
		}
		mask := ConvertDType(GreaterThan(y, zero), dtypes.Float32)
		return Add(ReduceAllSum(Mul(mask, y)), ReduceAllSum(h))
	}
	var results []float32
	for _, config := range []string{"", "no-fusion"} {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		var e *executable
		b.(*cpuBackend).onCompile = func(c *executable) { e = c }
		results = append(results, MustNewExec(b, fn).MustExec(must(x.LocalClone()), must(w.LocalClone()), must(h0.LocalClone()))[0].Value().(float32))
		if config == "" {
			// The last n-sized value written: the product mask·y (or the mask itself).
			products, productsBefore := 0, -1
			for k, st := range e.steps {
				if st.native != nil && strings.HasPrefix(st.native.name, "DotGeneral") {
					products++
				}
				for _, s := range e.stepOut[k] {
					if e.slotShape[s].Size() == n {
						productsBefore = products
					}
				}
			}
			if productsBefore < scheduleWindow/4 {
				t.Errorf("the last %d-element value is written after %d of the %d products, want at least %d", n, productsBefore, products, scheduleWindow/4)
			}
		}
		b.Finalize()
	}
	if results[0] != results[1] {
		t.Errorf("fused %g, unfused %g", results[0], results[1])
	}
}

// TestBroadcastReadLateIsNotWrittenOut: a broadcast read by an early and a late element-wise
// consumer (as a drop-path mask is by the forward and the backward pass) is read by both through
// its pattern, never written out at full size: the only n-sized values written are the two
// products the reductions read. The results are bitwise those of the unfused schedule.
func TestBroadcastReadLateIsNotWrittenOut(t *testing.T) {
	rng := rand.New(rand.NewPCG(63, 64))
	const rows, cols = 64, 4096
	x, m, w, h0 := randomTensor(rng, rows, cols), randomTensor(rng, rows), randomTensor(rng, 4, 4), randomTensor(rng, 4, 4)
	fn := func(x, m, w, h0 *Node) *Node {
		mask := BroadcastToDims(Reshape(m, rows, 1), rows, cols)
		h := Add(h0, ReduceAllSum(Mul(x, mask)))
		for range scheduleWindow {
			h = Tanh(MatMul(h, w))
		}
		late := Add(x, ReduceAllSum(h)) // computed once the chain is done
		return ReduceAllSum(Mul(late, mask))
	}
	var results []float32
	for _, config := range []string{"", "no-fusion"} {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		var e *executable
		b.(*cpuBackend).onCompile = func(c *executable) { e = c }
		results = append(results, MustNewExec(b, fn).MustExec(must(x.LocalClone()), must(m.LocalClone()),
			must(w.LocalClone()), must(h0.LocalClone()))[0].Value().(float32))
		if config == "" {
			written := 0
			for k := range e.steps {
				for _, s := range e.stepOut[k] {
					if e.slotShape[s].Size() == rows*cols {
						written++
					}
				}
			}
			if written != 2 {
				t.Errorf("%d values of %d elements written, want 2 (the products)", written, rows*cols)
			}
		}
		b.Finalize()
	}
	if results[0] != results[1] {
		t.Errorf("fused %g, unfused %g", results[0], results[1])
	}
}
