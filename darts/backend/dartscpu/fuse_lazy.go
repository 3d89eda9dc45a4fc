package dartscpu

// Recomputed values. A ReLU's backward reads the indicator ConvertDType(GreaterThan(y, 0)) of the
// ReLU's output y. Scheduled as soon as y exists, the indicator joined the forward group (or a
// group of its own) and, read by a backward group much later, was written out at full size and
// kept alive through the rest of the forward pass: one more activation-sized tensor per ReLU,
// written once and read once. y itself is kept anyway (the next convolution's kernel gradient
// reads it), so the group that reads the indicator can recompute it from y as cheaply as it reads
// it. lazyNodes picks such values; the scheduler runs none of them on its own and puts each into
// every group that reads it (lazyExpand).

// lazyOps are the ops cheap enough to recompute in every group that reads them.
var lazyOps = map[string]bool{
	"GreaterThan": true, "GreaterOrEqual": true, "LessThan": true, "LessOrEqual": true,
	"Equal": true, "NotEqual": true, "LogicalNot": true, "ConvertDType": true,
}

// lazyNodes marks the fusible nodes to recompute in their readers' groups: a cheap op, not a
// graph output, read only by fusible nodes of its class element by element (so every reader can
// take it into its group), whose operands are written out whatever the schedule (parameters,
// constants, values some non-fusible node or another class reads, or lazy values themselves), so
// recomputing never makes a group write out a value it would not have written.
func lazyNodes(nodes []*node, needed []bool, fuseInfo []*fuseCandidate, outputs []*value) []bool {
	lazy := make([]bool, len(nodes))
	isOutput := make(map[*node]bool, len(outputs))
	for _, v := range outputs {
		isOutput[v.node] = true
	}
	// materialized[id]: some reader of the node's value is outside any group of its class.
	materialized := make([]bool, len(nodes))
	readers := make([]int, len(nodes))
	sameClassFull := make([]int, len(nodes)) // readers that could fuse with it, element by element
	for _, n := range nodes {
		if !needed[n.id] {
			continue
		}
		info := fuseInfo[n.id]
		for i, in := range n.inputs {
			p := in.node
			readers[p.id]++
			src := fuseInfo[p.id]
			if src != nil && info != nil && info.class == src.class && info.patterns[i].isFull(src.class.size) {
				sameClassFull[p.id]++
			} else {
				materialized[p.id] = true
			}
		}
	}
	for _, n := range nodes { // creation order: operands before readers
		info := fuseInfo[n.id]
		if info == nil || !lazyOps[n.name] || isOutput[n] || readers[n.id] == 0 ||
			sameClassFull[n.id] != readers[n.id] || len(n.outputs) != 1 {
			continue
		}
		ok := true
		for _, in := range n.inputs {
			p := in.node
			ok = ok && (p.param >= 0 || p.constant != nil || materialized[p.id] || lazy[p.id])
		}
		lazy[n.id] = ok
	}
	return lazy
}

// lazyExpand returns a group's members without the lazy values that joined it and with the lazy
// values its other members read put before their first reader (recursively: a lazy value's lazy
// operands first), each once.
func lazyExpand(members []*node, lazy []bool) []*node {
	added := make(map[*node]bool)
	out := make([]*node, 0, len(members))
	var addInputs func(n *node)
	addInputs = func(n *node) {
		for _, in := range n.inputs {
			p := in.node
			if lazy[p.id] && !added[p] {
				added[p] = true
				addInputs(p)
				out = append(out, p)
			}
		}
	}
	for _, n := range members {
		if !lazy[n.id] {
			addInputs(n)
			out = append(out, n)
		}
	}
	return out
}
