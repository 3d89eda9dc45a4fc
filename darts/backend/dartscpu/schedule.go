package dartscpu

import (
	"container/heap"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/backends"
)

// step is one unit of execution: a native kernel, or a segment of pure-Go ops compiled together.
type step struct {
	native *node // a native kernel node, or nil for a segment

	// fused-group fields
	fusedNodes []*node
	class      fuseClass
	patterns   map[*node][]pattern
	program    *fusedProgram

	// segment fields
	segNodes []*node
	exec     backends.Executable
	inputs   []*value // values the segment reads, in its parameter order
	outputs  []*value // values it produces for later steps or as graph outputs
	numOps   int
}

// schedule orders the nodes needed for outputs into steps, in rounds: every native node whose
// inputs are ready (chained: one may feed the next), then for each fusion class ONE fused group
// holding every fusible node that can run with what is ready or with earlier members of the group,
// then ONE segment holding every remaining pure-Go node that can run likewise. Rounds keep the
// number of segments and groups close to the longest chain of native ops rather than the number
// of ops. Readiness is tracked per edge (Kahn's algorithm), so scheduling is linear in the graph.
func (b *graphBuilder) schedule(outputs []*value) ([]*step, error) {
	needed := b.neededNodes(outputs)
	if !b.backend.noDotRewrites {
		if transposeProducts(b.nodes, needed, outputs) > 0 {
			needed = b.neededNodes(outputs)
		}
		if b.fuseSums(needed, outputs) > 0 {
			needed = b.neededNodes(outputs)
		}
		if b.prepackRHS(needed) > 0 {
			needed = b.neededNodes(outputs)
		}
	}
	if bypassReshapes(b.nodes, needed) > 0 {
		needed = b.neededNodes(outputs)
	}
	fuseInfo := make([]*fuseCandidate, len(b.nodes))
	if !b.backend.noFusion {
		for _, n := range b.nodes {
			if class, pats, ok := fusible(n); ok && needed[n.id] {
				fuseInfo[n.id] = &fuseCandidate{class: class, patterns: pats}
			}
		}
		if foldBroadcasts(b.nodes, fuseInfo) > 0 {
			needed = b.neededNodes(outputs)
			for _, n := range b.nodes {
				if !needed[n.id] {
					fuseInfo[n.id] = nil
				}
			}
		}
	}
	lazy := make([]bool, len(b.nodes))
	if !b.backend.noFusion && !b.backend.noLazy {
		lazy = lazyNodes(b.nodes, needed, fuseInfo, outputs)
	}
	type edge struct {
		consumer *node
		input    int
	}
	consumers := make([][]edge, len(b.nodes))
	early := make([][]bool, len(b.nodes)) // edge already counted inside its producer's group
	pending := make([]int, len(b.nodes))
	remaining := 0
	for _, n := range b.nodes {
		if !needed[n.id] {
			continue
		}
		pending[n.id] = len(n.inputs)
		for i, in := range n.inputs {
			consumers[in.node.id] = append(consumers[in.node.id], edge{n, i})
		}
		if n.param < 0 && n.constant == nil {
			remaining++
		}
	}
	for _, n := range b.nodes {
		early[n.id] = make([]bool, len(consumers[n.id]))
	}

	var readyNative, readySegment []*node
	readyFuse := make(map[fuseClass][]*node)
	var classOrder []fuseClass
	// Nodes far ahead (in creation order) of the oldest pending one wait in deferred: without this,
	// independent passes built one after another (the second-order step's forward passes at w+ and
	// w−) would run interleaved and keep both passes' activations alive at once.
	deferred := &nodeHeap{}
	horizon := scheduleWindow
	var place func(n *node)
	var complete func(n *node)
	push := func(n *node) {
		if lazy[n.id] { // runs in its readers' groups (lazyExpand): nothing to schedule
			remaining--
			complete(n)
			return
		}
		if n.id > horizon {
			heap.Push(deferred, n)
			return
		}
		place(n)
	}
	place = func(n *node) {
		switch {
		case n.kernel != nil:
			readyNative = append(readyNative, n)
		case fuseInfo[n.id] != nil:
			c := fuseInfo[n.id].class
			if _, seen := readyFuse[c]; !seen {
				classOrder = append(classOrder, c)
			}
			readyFuse[c] = append(readyFuse[c], n)
		default:
			readySegment = append(readySegment, n)
		}
	}
	// complete marks n's outputs as computed: every edge not yet counted is counted.
	complete = func(n *node) {
		for j, e := range consumers[n.id] {
			if early[n.id][j] {
				continue
			}
			pending[e.consumer.id]--
			if pending[e.consumer.id] == 0 {
				push(e.consumer)
			}
		}
	}
	// group collects a fused group or a segment: joins(k, i) says whether consumer k may join
	// through input i once its other inputs are ready.
	group := func(queue []*node, joins func(k *node, i int) bool) []*node {
		var members []*node
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			members = append(members, n)
			for j, e := range consumers[n.id] {
				if joins(e.consumer, e.input) {
					early[n.id][j] = true
					pending[e.consumer.id]--
					if pending[e.consumer.id] == 0 {
						queue = append(queue, e.consumer)
					}
				}
			}
		}
		return members
	}
	for _, n := range b.nodes {
		switch {
		case !needed[n.id]:
		case n.param >= 0 || n.constant != nil:
			complete(n)
		case len(n.inputs) == 0: // e.g. Iota
			push(n)
		}
	}

	var steps []*step
	for remaining > 0 {
		progress := false
		// Advance the window from the oldest node not yet run.
		oldest := math.MaxInt
		for _, list := range [][]*node{readyNative, readySegment} {
			for _, n := range list {
				oldest = min(oldest, n.id)
			}
		}
		for _, list := range readyFuse {
			for _, n := range list {
				oldest = min(oldest, n.id)
			}
		}
		if deferred.Len() > 0 {
			oldest = min(oldest, (*deferred)[0].id)
		}
		horizon = oldest + scheduleWindow
		for deferred.Len() > 0 && (*deferred)[0].id <= horizon {
			place(heap.Pop(deferred).(*node))
			progress = true
		}
		for len(readyNative) > 0 {
			n := readyNative[0]
			readyNative = readyNative[1:]
			steps = append(steps, &step{native: n})
			remaining--
			complete(n)
			progress = true
		}
		var closing []*node
		for _, c := range classOrder {
			queue := readyFuse[c]
			if len(queue) == 0 {
				continue
			}
			readyFuse[c] = nil
			members := group(queue, func(k *node, i int) bool {
				// A consumer beyond the window waits like any other node (see deferred), even
				// when it could join: a backward pass's ReLU indicator joining the forward group
				// that computes the ReLU would be kept alive through the whole forward pass.
				// A lazy value joins whatever its horizon (it runs only where a member reads it).
				info := fuseInfo[k.id]
				return (k.id <= horizon || lazy[k.id]) && info != nil && info.class == c && info.patterns[i].isFull(c.size)
			})
			remaining -= len(members)
			closing = append(closing, members...)
			members = lazyExpand(members, lazy)
			st := &step{class: c, patterns: make(map[*node][]pattern), fusedNodes: members, numOps: len(members)}
			for _, n := range members {
				st.patterns[n] = fuseInfo[n.id].patterns
			}
			steps = append(steps, st)
			progress = true
		}
		for _, n := range closing {
			complete(n)
		}
		if len(readySegment) > 0 {
			queue := readySegment
			readySegment = nil
			members := group(queue, func(k *node, _ int) bool {
				return k.kernel == nil && fuseInfo[k.id] == nil
			})
			if profiling() {
				for _, n := range members {
					countSegmentOp(n)
				}
			}
			steps = append(steps, &step{segNodes: members, numOps: len(members)})
			remaining -= len(members)
			for _, n := range members {
				complete(n)
			}
			progress = true
		}
		if !progress {
			return nil, fmt.Errorf("%s: cannot schedule %d ops (a cycle?)", b.name, remaining)
		}
	}
	return steps, nil
}

// neededNodes marks the nodes the outputs depend on.
func (b *graphBuilder) neededNodes(outputs []*value) []bool {
	needed := make([]bool, len(b.nodes))
	var stack []*node
	for _, v := range outputs {
		stack = append(stack, v.node)
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if needed[n.id] {
			continue
		}
		needed[n.id] = true
		for _, in := range n.inputs {
			stack = append(stack, in.node)
		}
	}
	return needed
}

// compileSegment builds and compiles one segment on a fresh pure-Go builder. isUsedOutside reports
// whether a value produced in the segment is read after it (by a later step or as a graph output).
func (b *graphBuilder) compileSegment(st *step, index int, isUsedOutside func(*value) bool) error {
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

// foldBroadcasts makes each fused node that reads a fusible BroadcastInDim element by element
// read the broadcast's operand through the broadcast's pattern instead (the two compose), and
// returns how many reads it moved. A broadcast computed early and read late (a drop-path mask,
// which the backward pass reads again) was otherwise written out at full size by whichever group
// it joined and kept alive until its last reader; a broadcast no node reads any more is dropped.
func foldBroadcasts(nodes []*node, fuseInfo []*fuseCandidate) int {
	moved := 0
	for _, n := range nodes {
		info := fuseInfo[n.id]
		if info == nil {
			continue
		}
		for i, in := range n.inputs {
			src := fuseInfo[in.node.id]
			if src == nil || in.node.name != "BroadcastInDim" || src.class != info.class ||
				!info.patterns[i].isFull(info.class.size) {
				continue
			}
			n.inputs[i], info.patterns[i] = in.node.inputs[0], src.patterns[0]
			moved++
		}
	}
	return moved
}

type fuseCandidate struct {
	class    fuseClass
	patterns []pattern
}

// scheduleWindow bounds how far ahead of the oldest pending node (in creation order) a round may
// run nodes. Large enough to batch a cell's parallel edges into one round, small enough to keep
// separately built passes apart.
const scheduleWindow = 4096

// nodeHeap is a min-heap of nodes by id.
type nodeHeap []*node

func (h nodeHeap) Len() int           { return len(h) }
func (h nodeHeap) Less(i, j int) bool { return h[i].id < h[j].id }
func (h nodeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)        { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}
