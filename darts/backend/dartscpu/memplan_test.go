package dartscpu

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestArenaAllocatorRandom allocates and frees at random: live blocks never overlap, and once
// everything is freed the free list is one block covering the whole range.
func TestArenaAllocatorRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	var a arenaAllocator
	type block struct{ off, size int64 }
	var live []block
	for iter := range 5000 {
		if len(live) > 0 && rng.IntN(2) == 0 {
			i := rng.IntN(len(live))
			a.free(live[i].off, live[i].size)
			live = slices.Delete(live, i, i+1)
		} else {
			size := int64(1+rng.IntN(16)) * planAlign
			b := block{a.alloc(size), size}
			for _, o := range live {
				if b.off < o.off+o.size && o.off < b.off+b.size {
					t.Fatalf("iteration %d: block %v overlaps live block %v", iter, b, o)
				}
			}
			if b.off+b.size > a.top {
				t.Fatalf("iteration %d: block %v beyond top %d", iter, b, a.top)
			}
			live = append(live, b)
		}
		for i := 1; i < len(a.holes); i++ {
			if a.holes[i-1].off+a.holes[i-1].size >= a.holes[i].off {
				t.Fatalf("iteration %d: holes not sorted and coalesced: %v", iter, a.holes)
			}
		}
	}
	for _, b := range live {
		a.free(b.off, b.size)
	}
	if len(a.holes) != 1 || a.holes[0] != (arenaBlock{0, a.top}) {
		t.Fatalf("after freeing everything: holes %v, want one block [0, %d)", a.holes, a.top)
	}
}

// TestPlanMemoryRandomSchedules plans random schedules: two planned values alive at the same
// time never share memory, and the arena is at least the peak of the planned bytes alive at once.
func TestPlanMemoryRandomSchedules(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for iter := range 200 {
		numSteps := 5 + rng.IntN(60)
		e := &executable{steps: make([]*step, numSteps), stepIn: make([][]int, numSteps), stepOut: make([][]int, numSteps)}
		var slotShape []shapes.Shape
		var inArena []bool
		for i := range numSteps {
			for range rng.IntN(3) { // read 0-2 earlier values
				if len(slotShape) > 0 {
					e.stepIn[i] = append(e.stepIn[i], rng.IntN(len(slotShape)))
				}
			}
			for range 1 + rng.IntN(2) {
				e.stepOut[i] = append(e.stepOut[i], len(slotShape))
				slotShape = append(slotShape, shapes.Make(dtypes.Float32, 1+rng.IntN(300)))
				inArena = append(inArena, rng.IntN(5) > 0)
			}
		}
		e.uses = make([]int, len(slotShape))
		born, dies := make([]int, len(slotShape)), make([]int, len(slotShape))
		for i := range numSteps {
			for _, s := range e.stepOut[i] {
				born[s], dies[s] = i, i
			}
			for _, s := range e.stepIn[i] {
				e.uses[s]++
				dies[s] = i
			}
		}
		plan := planMemory(e, slotShape, inArena)
		var peak int64
		for i := range numSteps {
			var alive int64
			for s := range slotShape {
				if inArena[s] && born[s] <= i && i <= dies[s] {
					alive += int64(slotShape[s].Memory())
				}
			}
			peak = max(peak, alive)
		}
		for s := range slotShape {
			if !inArena[s] {
				if plan.offset[s] != -1 {
					t.Fatalf("schedule %d: slot %d not eligible but placed at %d", iter, s, plan.offset[s])
				}
				continue
			}
			sEnd := plan.offset[s] + int64(slotShape[s].Memory())
			if plan.offset[s]%planAlign != 0 || sEnd > plan.bytes {
				t.Fatalf("schedule %d: slot %d at [%d, %d) misaligned or beyond the arena (%d)", iter, s, plan.offset[s], sEnd, plan.bytes)
			}
			for o := range s {
				if !inArena[o] || born[o] > dies[s] || born[s] > dies[o] {
					continue
				}
				oEnd := plan.offset[o] + int64(slotShape[o].Memory())
				if plan.offset[s] < oEnd && plan.offset[o] < sEnd {
					t.Fatalf("schedule %d: slots %d (steps %d-%d) and %d (steps %d-%d) share memory", iter, s, born[s], dies[s], o, born[o], dies[o])
				}
			}
		}
		if plan.bytes < peak {
			t.Fatalf("schedule %d: arena %d bytes below the peak of live values %d", iter, plan.bytes, peak)
		}
	}
}

// TestArenaRunsMatchPooledBuffers runs the gradient of a small conv-BN-pool-concat network twice
// on the same backend (so the second run reuses the first run's arena, dirty) and on a backend
// without the memory plan: all results must be bitwise equal.
func TestArenaRunsMatchPooledBuffers(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	x, w1, w2 := randomTensor(rng, 4, 10, 10, 3), randomTensor(rng, 3, 3, 3, 6), randomTensor(rng, 1, 1, 12, 5)
	fn := func(x, w1, w2 *Node) []*Node {
		h := Convolve(x, w1).PadSame().Done()
		h = Max(h, ZerosLike(h))
		a := MaxPool(h).Window(3).Strides(1).PadSame().Done()
		b := Concatenate([]*Node{Slice(h, AxisRange(), AxisRange(1, 10)), Slice(h, AxisRange(), AxisRange(0, 1))}, 1) // a roll
		y := Convolve(Concatenate([]*Node{a, b}, -1), w2).Done()
		loss := ReduceAllSum(Mul(y, y))
		return append([]*Node{loss}, Gradient(loss, x, w1, w2)...)
	}
	run := func(config string) [][]float32 {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Finalize()
		exec := MustNewExec(b, fn)
		var outs []*tensors.Tensor
		for range 2 {
			outs = exec.MustExec(must(x.LocalClone()), must(w1.LocalClone()), must(w2.LocalClone()))
		}
		if arenas := len(b.(*cpuBackend).arenas.free); (arenas == 0) != (config == "no-arena") {
			t.Fatalf("backend %q holds %d arenas after its runs", config, arenas)
		}
		flats := make([][]float32, len(outs))
		for i, o := range outs {
			flats[i] = tensors.MustCopyFlatData[float32](o)
		}
		return flats
	}
	planned, pooled := run(""), run("no-arena")
	for i := range planned {
		if !slices.Equal(planned[i], pooled[i]) {
			t.Fatalf("output %d differs between the planned and the pooled run", i)
		}
	}
}

// TestEmptyValuesStayOutOfTheArena: a graph whose only intermediate is empty (an empty slice,
// concatenated) runs.
func TestEmptyValuesStayOutOfTheArena(t *testing.T) {
	x := tensors.FromFlatDataAndDimensions([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	out := MustExecOnce(newTestCPU(t), func(x *Node) *Node {
		return Concatenate([]*Node{Slice(x, AxisRange(), AxisRange(1, 1)), x}, 1)
	}, x)
	if got := tensors.MustCopyFlatData[float32](out); !slices.Equal(got, []float32{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("got %v", got)
	}
}

// TestPlanStats: in x → Transpose → Transpose → output, only the middle value is planned: the
// parameter and the graph output are backend buffers. Its 28 float32s (112 bytes) take 128 bytes
// of arena, values being aligned to 64.
func TestPlanStats(t *testing.T) {
	for _, config := range []string{"", "no-arena"} {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		stats := compileStats(t, b.Builder("plan").(*graphBuilder), func(bb backends.Builder) []backends.Op {
			x, _ := bb.Parameter("x", mustShape(t, 7, 4), nil)
			y, _ := bb.Transpose(x, 1, 0)
			z, _ := bb.Transpose(y, 1, 0)
			return []backends.Op{z}
		})
		want := execStats{PlannedValues: 1, ArenaBytes: 128}
		if config == "no-arena" {
			want = execStats{}
		}
		if stats.PlannedValues != want.PlannedValues || stats.ArenaBytes != want.ArenaBytes {
			t.Errorf("backend %q: planned %d values in %d bytes, want %d in %d", config, stats.PlannedValues,
				stats.ArenaBytes, want.PlannedValues, want.ArenaBytes)
		}
		b.Finalize()
	}
}
