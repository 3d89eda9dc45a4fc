package dartscpu

import "sort"

// Sinking: a step runs as late as it can when that shortens what it keeps alive.
//
// The schedule's rounds run every op as soon as its inputs are ready. A value computed from the
// graph's inputs alone is ready at the start: a one-hot of the targets, and the loss's gradient
// with respect to the log-probabilities (the cotangent of a mean is a constant), which autodiff
// builds from it. In a recurrent search step both are vocabulary-sized ([T·B, V], 90 MB at 64×35
// sequences and 10,000 words), and run early they stay alive through the whole forward pass, the
// time when the most activations are alive. sinkSteps moves such a step to just before the first
// step that reads it, where it costs nothing extra.
//
// A step sinks when what it writes is larger than the inputs it reads last (whose lives sinking
// would prolong; values computed from the graph's inputs alone do not count, as their producers
// sink too); it goes right before its earliest reader in the new order. Steps are visited from
// the last, so a chain (one-hot, then the gradient built from it) sinks as a whole.

// sinkMinBytes: smaller outputs stay where the rounds put them (moving them gains nothing worth
// changing the order for).
const sinkMinBytes = 1 << 20

// sinkSteps reorders e.steps (with e.stepIn and e.stepOut). It returns how many steps moved.
//
// Order: each step gets a key (anchor, depth, index). A step that stays has anchor = its index and
// depth 0; a step that sinks takes the anchor of its earliest reader (the reader with the
// smallest key) and that reader's depth + 1, and steps are sorted by anchor, then depth
// descending, then index. A reader's key is final before its producers are visited, so every
// producer sorts before each of its readers: a staying producer's index is below its reader's
// anchor (anchors never decrease along a sink), and a sinking producer sorts right before its
// earliest reader, so before all of them.
func (e *executable) sinkSteps() int {
	n := len(e.steps)
	numSlots := len(e.uses)
	producer := make([]int, numSlots)
	lastReader := make([]int, numSlots)
	for s := range producer {
		producer[s], lastReader[s] = -1, -1
	}
	readers := make([][]int, n) // per step: the steps reading any of its outputs
	for i := range n {
		for _, s := range e.stepOut[i] {
			producer[s] = i
		}
		for _, s := range e.stepIn[i] {
			lastReader[s] = i
			if p := producer[s]; p >= 0 && (len(readers[p]) == 0 || readers[p][len(readers[p])-1] != i) {
				readers[p] = append(readers[p], i)
			}
		}
	}
	// fromInputs: values computed from the graph's parameters and constants alone. Such a
	// value's producer sinks as well, so prolonging its life by reading it later costs nothing.
	fromInputs := make([]bool, numSlots)
	for i := range n {
		all := true
		for _, s := range e.stepIn[i] {
			all = all && (producer[s] < 0 || fromInputs[s])
		}
		for _, s := range e.stepOut[i] {
			fromInputs[s] = all
		}
	}
	isOutput := make([]bool, numSlots)
	for _, s := range e.outputSlots {
		isOutput[s] = true
	}
	anchor, depth := make([]int, n), make([]int, n)
	less := func(a, b int) bool {
		if anchor[a] != anchor[b] {
			return anchor[a] < anchor[b]
		}
		if depth[a] != depth[b] {
			return depth[a] > depth[b]
		}
		return a < b
	}
	moved := 0
	for i := n - 1; i >= 0; i-- {
		anchor[i] = i
		if len(readers[i]) == 0 {
			continue
		}
		var written, freed int64
		for _, s := range e.stepOut[i] {
			if isOutput[s] { // needed at the end anyway: sinking gains nothing
				written = 0
				break
			}
			written += int64(e.slotShape[s].Memory())
		}
		seen := map[int]bool{}
		for _, s := range e.stepIn[i] {
			if producer[s] >= 0 && !fromInputs[s] && lastReader[s] == i && !seen[s] {
				seen[s] = true
				freed += int64(e.slotShape[s].Memory())
			}
		}
		if written < sinkMinBytes || written <= freed {
			continue
		}
		first := readers[i][0]
		for _, r := range readers[i][1:] {
			if less(r, first) {
				first = r
			}
		}
		if anchor[first] == i+1 && depth[first] == 0 {
			continue // already right before its reader
		}
		anchor[i], depth[i] = anchor[first], depth[first]+1
		moved++
	}
	if moved == 0 {
		return 0
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return less(order[a], order[b]) })
	steps, in, out := make([]*step, n), make([][]int, n), make([][]int, n)
	for k, i := range order {
		steps[k], in[k], out[k] = e.steps[i], e.stepIn[i], e.stepOut[i]
	}
	e.steps, e.stepIn, e.stepOut = steps, in, out
	return moved
}
