package backend

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
)

// step is one unit of execution: a native kernel, or a segment of pure-Go ops compiled together.
type step struct {
	native *node // a native kernel node, or nil for a segment

	// segment fields
	segNodes []*node
	exec     backends.Executable
	inputs   []*value // values the segment reads, in its parameter order
	outputs  []*value // values it produces for later steps or as graph outputs
	numOps   int
}

// schedule orders the nodes needed for outputs into steps. Nodes are created in topological order
// (an op's inputs exist before it), so ids give a valid order. The schedule alternates: every
// native node whose inputs are ready, then ONE segment holding every pure-Go node that can run
// with what is ready (including nodes of the same segment). This keeps the number of segments
// close to the longest chain of native ops rather than the number of native ops.
func (b *Builder) schedule(outputs []*value) ([]*step, error) {
	needed := make([]bool, len(b.nodes))
	var mark func(n *node)
	mark = func(n *node) {
		if needed[n.id] {
			return
		}
		needed[n.id] = true
		for _, in := range n.inputs {
			mark(in.node)
		}
	}
	for _, v := range outputs {
		mark(v.node)
	}

	ready := make([]bool, len(b.nodes)) // node outputs computed by an earlier step
	done := make([]bool, len(b.nodes))  // node placed in a step
	remaining := 0
	for _, n := range b.nodes {
		if !needed[n.id] {
			continue
		}
		if n.param >= 0 || n.constant != nil {
			ready[n.id], done[n.id] = true, true
			continue
		}
		remaining++
	}
	inputsReady := func(n *node, alsoDone bool) bool {
		for _, in := range n.inputs {
			if !ready[in.node.id] && !(alsoDone && done[in.node.id]) {
				return false
			}
		}
		return true
	}

	var steps []*step
	for remaining > 0 {
		progress := false
		// Native nodes, chained: a native node may consume one scheduled just before it.
		for _, n := range b.nodes {
			if needed[n.id] && !done[n.id] && n.kernel != nil && inputsReady(n, false) {
				steps = append(steps, &step{native: n})
				done[n.id], ready[n.id] = true, true
				remaining--
				progress = true
			}
		}
		// One segment with everything pure-Go that can run now.
		var seg []*node
		for _, n := range b.nodes {
			if needed[n.id] && !done[n.id] && n.emit != nil && inputsReady(n, true) {
				seg = append(seg, n)
				done[n.id] = true
				remaining--
			}
		}
		if len(seg) > 0 && profiling() {
			for _, n := range seg {
				countSegmentOp(n)
			}
		}
		if len(seg) > 0 {
			for _, n := range seg {
				ready[n.id] = true
			}
			steps = append(steps, &step{segNodes: seg, numOps: len(seg)})
			progress = true
		}
		if !progress {
			return nil, fmt.Errorf("%s: cannot schedule %d ops (a cycle?)", b.name, remaining)
		}
	}
	return steps, nil
}

// compileSegment builds and compiles one segment on a fresh pure-Go builder. isUsedOutside reports
// whether a value produced in the segment is read after it (by a later step or as a graph output).
func (b *Builder) compileSegment(st *step, index int, isUsedOutside func(*value) bool) error {
	sb := b.backend.inner.Builder(fmt.Sprintf("%s#%d", b.name, index))
	ops := make(map[*value]backends.Op)
	for _, n := range st.segNodes {
		in := make([]backends.Op, len(n.inputs))
		for i, v := range n.inputs {
			op, ok := ops[v]
			if !ok {
				var err error
				op, err = sb.Parameter(fmt.Sprintf("in%d", len(st.inputs)), v.shape, nil)
				if err != nil {
					return fmt.Errorf("%s: segment %d: %w", b.name, index, err)
				}
				ops[v] = op
				st.inputs = append(st.inputs, v)
			}
			in[i] = op
		}
		outs, err := n.emit(sb, in)
		if err != nil {
			return fmt.Errorf("%s: segment %d: replaying %s: %w", b.name, index, n.name, err)
		}
		for i, o := range outs {
			ops[n.outputs[i]] = o
		}
	}
	var outOps []backends.Op
	for _, n := range st.segNodes {
		for _, v := range n.outputs {
			if isUsedOutside(v) {
				st.outputs = append(st.outputs, v)
				outOps = append(outOps, ops[v])
			}
		}
	}
	exec, err := sb.Compile(outOps, nil)
	if err != nil {
		return fmt.Errorf("%s: segment %d: %w", b.name, index, err)
	}
	st.exec = exec
	st.segNodes = nil // no longer needed
	return nil
}
