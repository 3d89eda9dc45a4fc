package dartscpu

import (
	"sort"
	"sync"
	"unsafe"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// Static memory planning. A compiled step runs the same schedule every time, so the lifetime of
// every intermediate value is known at compile time: from the step that writes it to the last step
// that reads it. Values written and read only by our own kernels (native and fused steps) need no
// backend buffer at all; they get a fixed offset in one arena, chosen by simulating the schedule
// with a best-fit allocator, and the arena is reused by every run.
//
// Why: buffers of the pure-Go backend come from per-size sync.Pools, which keep a buffer of every
// size for as many as were ever alive at once (the sum over sizes of each size's own peak, not
// the peak of the sum) and which the garbage collector empties and refills every other cycle. For
// a search step, the arena is close to the peak of live activations; the pools were far above it.

// planAlign is the alignment (bytes) of every value in the arena: a cache line.
const planAlign = 64

// memoryPlan places the arena values of an executable.
type memoryPlan struct {
	offset []int64 // per slot: byte offset in the arena, or -1 for slots held in backend buffers
	bytes  int64   // arena size
}

// arenaDTypes are the dtypes of values that may live in the arena.
var arenaDTypes = map[dtypes.DType]bool{dtypes.Float32: true, dtypes.Float64: true}

// planMemory simulates the schedule: at each step its arena outputs are allocated, then the arena
// inputs whose last reader it is are freed (so an output never shares memory with the step's own
// inputs). inArena says which slots are eligible.
func planMemory(e *executable, slotShape []shapes.Shape, inArena []bool) memoryPlan {
	plan := memoryPlan{offset: make([]int64, len(e.uses))}
	for s := range plan.offset {
		plan.offset[s] = -1
	}
	var heap arenaAllocator
	left := append([]int(nil), e.uses...)
	size := func(s int) int64 {
		return (int64(slotShape[s].Memory()) + planAlign - 1) / planAlign * planAlign
	}
	for i := range e.steps {
		for _, s := range e.stepOut[i] {
			if inArena[s] {
				plan.offset[s] = heap.alloc(size(s))
			}
		}
		for _, s := range e.stepIn[i] {
			left[s]--
			if left[s] == 0 && inArena[s] {
				heap.free(plan.offset[s], size(s))
			}
		}
		for _, s := range e.stepOut[i] {
			if inArena[s] && left[s] == 0 { // written, never read
				heap.free(plan.offset[s], size(s))
			}
		}
	}
	plan.bytes = heap.top
	return plan
}

// arenaAllocator is a best-fit allocator over a growing range [0, top), with coalescing.
type arenaAllocator struct {
	holes []arenaBlock // sorted by offset, never adjacent
	top   int64
}

type arenaBlock struct{ off, size int64 }

func (a *arenaAllocator) alloc(size int64) int64 {
	best := -1
	for i, b := range a.holes {
		if b.size >= size && (best < 0 || b.size < a.holes[best].size) {
			best = i
		}
	}
	if best < 0 {
		// Grow: a free block at the end is extended rather than left behind.
		if n := len(a.holes); n > 0 && a.holes[n-1].off+a.holes[n-1].size == a.top {
			off := a.holes[n-1].off
			a.holes = a.holes[:n-1]
			a.top = off + size
			return off
		}
		off := a.top
		a.top += size
		return off
	}
	b := a.holes[best]
	if b.size == size {
		a.holes = append(a.holes[:best], a.holes[best+1:]...)
	} else {
		a.holes[best] = arenaBlock{b.off + size, b.size - size}
	}
	return b.off
}

func (a *arenaAllocator) free(off, size int64) {
	i := sort.Search(len(a.holes), func(i int) bool { return a.holes[i].off > off })
	a.holes = append(a.holes, arenaBlock{})
	copy(a.holes[i+1:], a.holes[i:])
	a.holes[i] = arenaBlock{off, size}
	// Coalesce with the next block, then with the previous one.
	if i+1 < len(a.holes) && a.holes[i].off+a.holes[i].size == a.holes[i+1].off {
		a.holes[i].size += a.holes[i+1].size
		a.holes = append(a.holes[:i+1], a.holes[i+2:]...)
	}
	if i > 0 && a.holes[i-1].off+a.holes[i-1].size == a.holes[i].off {
		a.holes[i-1].size += a.holes[i].size
		a.holes = append(a.holes[:i], a.holes[i+1:]...)
	}
}

// arenaView returns the flat slice of a value placed at off in the arena.
func arenaView(arena []uint64, off int64, shape shapes.Shape) any {
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(arena)), off)
	n := shape.Size()
	switch shape.DType {
	case dtypes.Float32:
		return unsafe.Slice((*float32)(p), n)
	case dtypes.Float64:
		return unsafe.Slice((*float64)(p), n)
	}
	panic("arenaView: dtype " + shape.DType.String() + " is not planned in the arena")
}

// arenaPool keeps the arenas of finished runs for the next run of any executable. A run takes the
// smallest free arena that is large enough; when none is, the free ones are freed (too small for
// this graph; kept, they would pile up) and a new one is made. So a search holds one arena the
// size of its largest graph, which its evaluation graph reuses too. The backend's Finalize frees
// the idle arenas.
type arenaPool struct {
	mu     sync.Mutex
	free   [][]uint64
	closed bool
}

func (p *arenaPool) get(bytes int64) ([]uint64, error) {
	words := int((bytes + 7) / 8)
	p.mu.Lock()
	defer p.mu.Unlock()
	best := -1
	for i, a := range p.free {
		if len(a) >= words && (best < 0 || len(a) < len(p.free[best])) {
			best = i
		}
	}
	if best >= 0 {
		a := p.free[best]
		p.free = append(p.free[:best], p.free[best+1:]...)
		return a, nil
	}
	p.dropLocked()
	return newArena(bytes)
}

func (p *arenaPool) put(a []uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		freeArena(a)
		return
	}
	p.free = append(p.free, a)
}

// close frees the idle arenas, and any arena put back later (by a run still under way).
func (p *arenaPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.dropLocked()
}

func (p *arenaPool) dropLocked() {
	for _, a := range p.free {
		freeArena(a)
	}
	p.free = nil
}
