package dartscpu

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestSinkStepsRandomSchedules reorders random schedules (steps reading earlier values, some
// writing values over sinkMinBytes): the result is a permutation of the steps that still runs
// every value's producer before all of its readers, and steps do move.
func TestSinkStepsRandomSchedules(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	movedAny := false
	for iter := range 300 {
		numSteps := 5 + rng.IntN(80)
		e := &executable{steps: make([]*step, numSteps), stepIn: make([][]int, numSteps), stepOut: make([][]int, numSteps)}
		var producer []int
		for i := range numSteps {
			e.steps[i] = &step{numOps: i} // numOps marks the original index
			for range rng.IntN(3) {
				if len(producer) > 0 {
					e.stepIn[i] = append(e.stepIn[i], rng.IntN(len(producer)))
				}
			}
			for range 1 + rng.IntN(2) {
				e.stepOut[i] = append(e.stepOut[i], len(producer))
				producer = append(producer, i)
				size := 1 + rng.IntN(300)
				if rng.IntN(4) == 0 {
					size = sinkMinBytes/4 + rng.IntN(sinkMinBytes)
				}
				e.slotShape = append(e.slotShape, shapes.Make(dtypes.Float32, size))
			}
		}
		e.uses = make([]int, len(producer))
		for i := range numSteps {
			for _, s := range e.stepIn[i] {
				e.uses[s]++
			}
		}
		e.outputSlots = []int{len(producer) - 1}
		in := slices.Clone(e.stepIn)
		if e.sinkSteps() > 0 {
			movedAny = true
		}
		seen := make([]bool, numSteps)
		pos := make([]int, len(producer))
		for k, st := range e.steps {
			i := st.numOps
			if seen[i] || !slices.Equal(e.stepIn[k], in[i]) {
				t.Fatalf("schedule %d: position %d holds step %d twice or with other inputs", iter, k, i)
			}
			seen[i] = true
			for _, s := range e.stepOut[k] {
				pos[s] = k
			}
		}
		for k := range e.steps {
			for _, s := range e.stepIn[k] {
				if pos[s] >= k {
					t.Fatalf("schedule %d: step at %d reads slot %d, written at %d", iter, k, s, pos[s])
				}
			}
		}
	}
	if !movedAny {
		t.Fatal("no step moved in any schedule")
	}
}

// TestSinkOneHotToItsReader: a 2 MB one-hot mask computed from a parameter alone (in two fused
// groups and a segment) and read only after a chain of matrix products is computed after the
// chain, not at the start where the rounds put it, which keeps it out of the chain's memory;
// results are bitwise those of the unsunk schedule ("no-sink"). Both without lazy values, which
// would move the mask's Equal and conversion into the final product's group whatever the sinking.
func TestSinkOneHotToItsReader(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	x, w := randomTensor(rng, 128, 128), randomTensor(rng, 128, 128)
	ids := tensors.FromFlatDataAndDimensions([]float32{3, 100, 7, 511}, 4, 1)
	fn := func(x, w, ids *Node) *Node {
		mask := ConvertDType(Equal(BroadcastToDims(ids, 4, 131072), BroadcastToDims(Iota(x.Graph(), shapes.Make(dtypes.Float32, 1, 131072), 1), 4, 131072)), dtypes.Float32)
		h := x
		for range 6 {
			h = Tanh(MatMul(h, w))
		}
		return ReduceAllSum(Mul(mask, ReduceAllSum(h)))
	}
	var results []float32
	for _, config := range []string{"no-lazy", "no-sink,no-lazy"} {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		var e *executable
		b.(*cpuBackend).onCompile = func(c *executable) { e = c }
		results = append(results, MustNewExec(b, fn).MustExec(must(x.LocalClone()), must(w.LocalClone()), must(ids.LocalClone()))[0].Value().(float32))
		lastDot, firstMask := -1, len(e.steps)
		for k, st := range e.steps {
			if st.native != nil && strings.HasPrefix(st.native.name, "DotGeneral") {
				lastDot = k
			}
			for _, s := range e.stepOut[k] {
				if e.slotShape[s].Size() == 4*131072 {
					firstMask = min(firstMask, k)
				}
			}
		}
		if sunk := firstMask > lastDot; sunk != (config == "no-lazy") {
			t.Errorf("backend %q: the first mask-sized value is written at step %d, the last product at %d", config, firstMask, lastDot)
		}
		b.Finalize()
	}
	if results[0] != results[1] {
		t.Errorf("sunk %g, unsunk %g", results[0], results[1])
	}
}
