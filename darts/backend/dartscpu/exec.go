package dartscpu

import (
	"fmt"
	"strings"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// executable runs a compiled computation step by step (see schedule). Values passed between
// steps live in slots; a slot's buffer is released as soon as its last reader has run.
type executable struct {
	backend                 *cpuBackend
	name                    string
	params                  []*node
	outputs                 []*value
	steps                   []*step
	slotOf                  map[*value]int // while building only (see releaseBuildState)
	paramSlots, outputSlots []int
	slotShape               []shapes.Shape
	plan                    memoryPlan
	uses                    []int // readers per slot: step inputs and graph outputs
	constants               map[int]backends.Buffer
	stepIn                  [][]int
	stepOut                 [][]int
	finalized               bool
	cost                    []stepCost // per step, for the profile
}

var _ backends.Executable = (*executable)(nil)

func newExecutable(b *graphBuilder, outputs []*value) (*executable, error) {
	steps, err := b.schedule(outputs)
	if err != nil {
		return nil, err
	}
	e := &executable{backend: b.backend, name: b.name, params: b.params, outputs: outputs, steps: steps,
		slotOf: make(map[*value]int), constants: make(map[int]backends.Buffer)}
	slot := func(v *value) int {
		s, ok := e.slotOf[v]
		if !ok {
			s = len(e.uses)
			e.slotOf[v] = s
			e.uses = append(e.uses, 0)
			if v.node.constant != nil {
				e.constants[s] = v.node.constant
			}
		}
		return s
	}
	for _, p := range b.params {
		slot(p.outputs[0])
	}
	// Which values does a step read? Segments' inputs are only known after compiling them, and
	// compiling needs to know which of their values are read later: walk the steps backwards.
	readLater := make(map[*value]bool)
	for _, v := range outputs {
		readLater[v] = true
	}
	for i := len(steps) - 1; i >= 0; i-- {
		st := steps[i]
		if st.fusedNodes != nil {
			prog, err := compileFused(st, func(v *value) bool { return readLater[v] })
			if err != nil {
				return nil, fmt.Errorf("%s: %w", b.name, err)
			}
			st.program = prog
			for _, v := range st.inputs {
				readLater[v] = true
			}
		} else if st.native == nil {
			if err := b.compileSegment(st, i, func(v *value) bool { return readLater[v] }); err != nil {
				return nil, err
			}
			for _, v := range st.inputs {
				readLater[v] = true
			}
		} else {
			for _, v := range st.native.inputs {
				readLater[v] = true
			}
		}
	}
	e.stepIn = make([][]int, len(steps))
	e.stepOut = make([][]int, len(steps))
	for i, st := range steps {
		ins, outs := st.inputs, st.outputs
		if st.native != nil {
			ins, outs = st.native.inputs, st.native.outputs
		}
		for _, v := range ins {
			s := slot(v)
			e.stepIn[i] = append(e.stepIn[i], s)
			e.uses[s]++
		}
		for _, v := range outs {
			e.stepOut[i] = append(e.stepOut[i], slot(v))
		}
	}
	for _, v := range outputs {
		e.uses[slot(v)]++
	}
	for _, p := range b.params {
		e.paramSlots = append(e.paramSlots, e.slotOf[p.outputs[0]])
	}
	for _, v := range outputs {
		e.outputSlots = append(e.outputSlots, e.slotOf[v])
	}
	e.slotShape = make([]shapes.Shape, len(e.uses))
	for v, s := range e.slotOf {
		e.slotShape[s] = v.shape
	}
	if !e.backend.noSink {
		e.sinkSteps()
	}
	e.planArena()
	e.computeCosts()
	e.releaseBuildState(b)
	returnBuildMemory(len(e.steps))
	if e.backend.onCompile != nil {
		e.backend.onCompile(e)
	}
	return e, nil
}

// planArena places in one arena the float values that our kernels write and only our kernels
// read: not graph outputs, not inputs of pure-Go segments (those need backend buffers).
func (e *executable) planArena() {
	inArena := make([]bool, len(e.uses))
	for i, st := range e.steps {
		if e.backend.noArena {
			break
		}
		if st.native != nil || st.program != nil {
			for _, s := range e.stepOut[i] {
				inArena[s] = arenaDTypes[e.slotShape[s].DType] && e.slotShape[s].Size() > 0 // an empty value needs no memory
			}
		}
	}
	for i, st := range e.steps {
		if st.native == nil && st.program == nil {
			for _, s := range e.stepIn[i] {
				inArena[s] = false
			}
		}
	}
	for _, s := range e.outputSlots {
		inArena[s] = false
	}
	e.plan = planMemory(e, e.slotShape, inArena)
}

// releaseBuildState drops what only building and compiling needed: the shadow builder and its
// nodes, the op closures and the graph edges between our nodes. GoMLX keeps its graph (and so
// our values) alive as long as the executable is cached; without this our copy of the graph and
// the shadow builder's would stay in memory next to the activations (after compiling a 5-cell
// search step, 148 MB of heap held graph structures, a third of it in these).
func (e *executable) releaseBuildState(b *graphBuilder) {
	for _, n := range b.nodes {
		n.inputs, n.emit, n.attrs = nil, nil, nil
		for _, v := range n.outputs {
			v.shadow = nil
		}
	}
	for _, st := range e.steps {
		st.fusedNodes, st.patterns, st.segNodes = nil, nil, nil
	}
	b.shadow, b.nodes = nil, nil
	e.slotOf = nil
}

// Finalize implements backends.Executable.
func (e *executable) Finalize() {
	for _, st := range e.steps {
		if st.exec != nil {
			st.exec.Finalize()
		}
	}
	e.finalized = true
}

// Inputs implements backends.Executable.
func (e *executable) Inputs() (names []string, inputShapes []shapes.Shape) {
	for _, p := range e.params {
		names = append(names, strings.TrimPrefix(p.name, "Parameter "))
		inputShapes = append(inputShapes, p.outputs[0].shape)
	}
	return
}

// Outputs implements backends.Executable.
func (e *executable) Outputs() (outputShapes []shapes.Shape) {
	for _, v := range e.outputs {
		outputShapes = append(outputShapes, v.shape)
	}
	return
}

// execStats describes a compiled executable: how many steps of each kind it runs.
type execStats struct {
	NativeSteps, Segments, SegmentOps, FusedGroups, FusedOps int
	PlannedValues                                            int   // intermediate values placed in the arena (see planArena)
	ArenaBytes                                               int64 // size of the arena a run uses
}

// Stats reports the shape of the schedule (useful to see how often execution switches between our
// kernels and the pure-Go backend).
func (e *executable) Stats() execStats {
	s := execStats{ArenaBytes: e.plan.bytes}
	for _, off := range e.plan.offset {
		if off >= 0 {
			s.PlannedValues++
		}
	}
	for _, st := range e.steps {
		if st.native != nil {
			s.NativeSteps++
		} else if st.program != nil {
			s.FusedGroups++
			s.FusedOps += st.numOps
		} else {
			s.Segments++
			s.SegmentOps += st.numOps
		}
	}
	return s
}

// run holds the state of one execution.
type run struct {
	e     *executable
	bufs  []backends.Buffer
	owned []bool
	left  []int
	arena []uint64 // planned values (see planArena); their flat slices are in flats
	flats []any
}

// data returns the flat data of slot s.
func (r *run) data(s int) (any, error) {
	if r.e.plan.offset[s] >= 0 {
		return r.flats[s], nil
	}
	return r.e.backend.inner.BufferData(r.bufs[s])
}

// output returns the buffer (nil for a planned value) and flat data that slot s is written to.
func (r *run) output(s int) (backends.Buffer, any, error) {
	if off := r.e.plan.offset[s]; off >= 0 {
		r.flats[s] = arenaView(r.arena, off, r.e.slotShape[s])
		return nil, r.flats[s], nil
	}
	return r.e.backend.newBuffer(r.e.slotShape[s])
}

func (r *run) release(s int) error {
	r.left[s]--
	if r.left[s] == 0 && r.owned[s] && r.bufs[s] != nil {
		buf := r.bufs[s]
		r.bufs[s] = nil
		return r.e.backend.inner.BufferFinalize(buf)
	}
	return nil
}

// freeAll releases every owned buffer (after an error).
func (r *run) freeAll() {
	for s, buf := range r.bufs {
		if buf != nil && r.owned[s] {
			_ = r.e.backend.inner.BufferFinalize(buf)
			r.bufs[s] = nil
		}
	}
}

// Execute implements backends.Executable.
func (e *executable) Execute(inputs []backends.Buffer, donate []bool, _ backends.DeviceNum) ([]backends.Buffer, error) {
	if e.finalized {
		return nil, fmt.Errorf("%s: executable %q was finalized", Name, e.name)
	}
	if len(inputs) != len(e.params) {
		return nil, fmt.Errorf("%s: %q expects %d inputs, got %d", Name, e.name, len(e.params), len(inputs))
	}
	r := &run{e: e, bufs: make([]backends.Buffer, len(e.uses)), owned: make([]bool, len(e.uses)),
		left: append([]int(nil), e.uses...)}
	for i, p := range e.params {
		shape, err := e.backend.inner.BufferShape(inputs[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %q input #%d: %w", Name, e.name, i, err)
		}
		if want := p.outputs[0].shape; !shape.Equal(want) {
			return nil, fmt.Errorf("%s: %q input #%d (%s): got shape %s, want %s", Name, e.name, i,
				strings.TrimPrefix(p.name, "Parameter "), shape, want)
		}
		s := e.paramSlots[i]
		r.bufs[s] = inputs[i]
		r.owned[s] = len(donate) > i && donate[i]
		if r.left[s] == 0 && r.owned[s] {
			_ = e.backend.inner.BufferFinalize(inputs[i])
			r.bufs[s] = nil
		}
	}
	for s, buf := range e.constants {
		r.bufs[s] = buf
	}
	if e.plan.bytes > 0 {
		arena, err := e.backend.arenas.get(e.plan.bytes)
		if err != nil {
			r.freeAll()
			return nil, err
		}
		r.arena, r.flats = arena, make([]any, len(e.uses))
		defer e.backend.arenas.put(arena)
	}
	for i, st := range e.steps {
		var err error
		if st.native != nil {
			err = r.runNative(i, st.native)
		} else if st.program != nil {
			err = r.runFused(i, st)
		} else {
			err = r.runSegment(i, st)
		}
		if err != nil {
			r.freeAll()
			return nil, err
		}
	}
	outs := make([]backends.Buffer, len(e.outputs))
	for i, v := range e.outputs {
		s := e.outputSlots[i]
		if r.owned[s] && r.left[s] == 1 {
			outs[i] = r.bufs[s]
			r.bufs[s], r.left[s] = nil, 0
			continue
		}
		clone, err := r.clone(r.bufs[s], v.shape)
		if err != nil {
			r.freeAll()
			return nil, err
		}
		outs[i] = clone
		if err := r.release(s); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

func (r *run) clone(buf backends.Buffer, shape shapes.Shape) (backends.Buffer, error) {
	out, flat, err := r.e.backend.newBuffer(shape)
	if err != nil {
		return nil, err
	}
	if err := r.e.backend.inner.BufferToFlatData(buf, flat); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *run) runNative(i int, n *node) (err error) {
	ins := make([]any, len(r.e.stepIn[i]))
	for j, s := range r.e.stepIn[i] {
		if ins[j], err = r.data(s); err != nil {
			return fmt.Errorf("%s: %s: input #%d: %w", Name, n.name, j, err)
		}
	}
	v := n.outputs[0]
	out, flat, err := r.output(r.e.stepOut[i][0])
	if err != nil {
		return fmt.Errorf("%s: %s: allocating %s: %w", Name, n.name, v.shape, err)
	}
	var start time.Time
	if profiling() {
		start = time.Now()
	}
	err = n.kernel(ins, flat)

	if !start.IsZero() {
		record(n.name, 1, time.Since(start), r.e.cost[i])
	}
	if err != nil {
		if out != nil {
			_ = r.e.backend.inner.BufferFinalize(out)
		}
		return fmt.Errorf("%s: %s: %w", Name, n.name, err)
	}
	for _, s := range r.e.stepIn[i] {
		if err := r.release(s); err != nil {
			return err
		}
	}
	s := r.e.stepOut[i][0]
	r.bufs[s], r.owned[s] = out, true
	return nil
}

func (r *run) runSegment(i int, st *step) error {
	ins := make([]backends.Buffer, len(st.inputs))
	donate := make([]bool, len(st.inputs))
	for j, s := range r.e.stepIn[i] {
		ins[j] = r.bufs[s]
		// Donating a buffer on its last read lets the pure-Go backend reuse it in place.
		donate[j] = r.owned[s] && r.left[s] == 1
	}
	var start time.Time
	if profiling() {
		start = time.Now()
	}
	outs, err := st.exec.Execute(ins, donate, 0)
	if !start.IsZero() {
		record("pure-Go segment", st.numOps, time.Since(start), r.e.cost[i])
	}
	if err != nil {
		return fmt.Errorf("%s: %q segment %d: %w", Name, r.e.name, i, err)
	}
	for j, s := range r.e.stepIn[i] {
		if donate[j] {
			r.bufs[s], r.left[s] = nil, 0
		} else if err := r.release(s); err != nil {
			return err
		}
	}
	for j, s := range r.e.stepOut[i] {
		r.bufs[s], r.owned[s] = outs[j], true
	}
	return nil
}
