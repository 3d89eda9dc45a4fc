package darts

import (
	"runtime"
	"sync"
	"weak"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// WeightStack is several weight variables that a model uses concatenated on their last axis
// (the batched search cell on XLA stacks the same weight of a node's incoming edges): Value is
// that concatenation in a graph. An optimiser can then update the stack as one tensor (one
// update instead of one per variable, about 11 graph nodes each) and its gradient is taken at
// Value, not split per variable first. A stack of one variable is that variable alone.
type WeightStack struct {
	Vars  []*context.Variable
	Value *graph.Node
}

// stacksByGraph holds, per graph (weakly), the last stack recorded for each first variable.
var stacksByGraph sync.Map // weak.Pointer[graph.Graph] → *graphStacks

// Every reference the registries below hold is weak: a node references its graph, and a
// variable its graphs' nodes, so a strong one would keep every graph alive for good.
type graphStacks struct {
	mu      sync.Mutex
	byFirst map[weak.Pointer[context.Variable]]weakStack
}

type weakStack struct {
	vars  []weak.Pointer[context.Variable]
	value weak.Pointer[graph.Node]
}

// strong returns the stack, or false when any of it has been collected.
func (w weakStack) strong() (WeightStack, bool) {
	st := WeightStack{Value: w.value.Value(), Vars: make([]*context.Variable, len(w.vars))}
	for i, v := range w.vars {
		if st.Vars[i] = v.Value(); st.Vars[i] == nil {
			return st, false
		}
	}
	return st, st.Value != nil
}

// RecordWeightStack records that value is the concatenation, on the last axis, of vars' current
// values in value's graph. A later record for the same first variable replaces it (each forward
// pass of a step builds its own).
func RecordWeightStack(vars []*context.Variable, value *graph.Node) {
	g := value.Graph()
	key := weak.Make(g)
	entry, loaded := stacksByGraph.LoadOrStore(key, &graphStacks{byFirst: map[weak.Pointer[context.Variable]]weakStack{}})
	if !loaded {
		runtime.AddCleanup(g, func(k weak.Pointer[graph.Graph]) { stacksByGraph.Delete(k) }, key)
	}
	ws := weakStack{value: weak.Make(value), vars: make([]weak.Pointer[context.Variable], len(vars))}
	for i, v := range vars {
		ws.vars[i] = weak.Make(v)
	}
	s := entry.(*graphStacks)
	s.mu.Lock()
	s.byFirst[ws.vars[0]] = ws
	s.mu.Unlock()
}

// GroupWeights partitions vars into stacks, in the order of their first variables in vars: a
// recorded stack of g whose variables are all in vars and whose value still concatenates their
// current graph values (else each variable alone, valued v.ValueGraph(g)).
func GroupWeights(g *graph.Graph, vars []*context.Variable) []WeightStack {
	var recorded map[*context.Variable]WeightStack
	if entry, ok := stacksByGraph.Load(weak.Make(g)); ok {
		s := entry.(*graphStacks)
		s.mu.Lock()
		recorded = make(map[*context.Variable]WeightStack, len(s.byFirst))
		for _, ws := range s.byFirst {
			if st, ok := ws.strong(); ok {
				recorded[st.Vars[0]] = st
			}
		}
		s.mu.Unlock()
	}
	wanted := make(map[*context.Variable]bool, len(vars))
	for _, v := range vars {
		wanted[v] = true
	}
	done := make(map[*context.Variable]bool, len(vars))
	var out []WeightStack
	for _, v := range vars {
		if done[v] {
			continue
		}
		if st, ok := recorded[v]; ok && stackIsCurrent(g, st, wanted, done) {
			for _, m := range st.Vars {
				done[m] = true
			}
			out = append(out, st)
			continue
		}
		// Not the first variable of a current stack: alone (a member of a stack whose first
		// variable comes later in vars is grouped there).
		if !memberOfCurrentStack(g, v, recorded, wanted, done) {
			done[v] = true
			out = append(out, WeightStack{Vars: []*context.Variable{v}, Value: v.ValueGraph(g)})
		}
	}
	return out
}

// stackIsCurrent: every member wanted and not yet grouped, and the value is the concatenation of
// their current graph values (or the source they were split from).
func stackIsCurrent(g *graph.Graph, st WeightStack, wanted, done map[*context.Variable]bool) bool {
	if len(st.Vars) < 2 {
		return false
	}
	values := make([]*graph.Node, len(st.Vars))
	for i, m := range st.Vars {
		if !wanted[m] || done[m] {
			return false
		}
		values[i] = m.ValueGraph(g)
	}
	if src, ok := JoinedSplit(values); ok {
		return src == st.Value
	}
	in := st.Value.Inputs()
	if st.Value.Type() != graph.NodeTypeConcatenate || len(in) != len(values) {
		return false
	}
	for i := range values {
		if in[i] != values[i] {
			return false
		}
	}
	return true
}

func memberOfCurrentStack(g *graph.Graph, v *context.Variable, recorded map[*context.Variable]WeightStack, wanted, done map[*context.Variable]bool) bool {
	for first, st := range recorded {
		if first == v || !wanted[first] || done[first] {
			continue
		}
		for _, m := range st.Vars[1:] {
			if m == v {
				return stackIsCurrent(g, st, wanted, done)
			}
		}
	}
	return false
}

// splits maps (weakly) each block that SplitWeights made to its source and position, so that a
// model stacking those blocks again in order can use the source itself (JoinedSplit) instead of
// concatenating slices of it.
var splits sync.Map // weak.Pointer[graph.Node] → splitOf

type splitOf struct {
	src        weak.Pointer[graph.Node]
	index, len int
}

// SplitWeights sets each variable to its block of x's last axis (the variables in order, equal
// sizes) and records the blocks as a split of x (see JoinedSplit).
func SplitWeights(x *graph.Node, vars []*context.Variable) {
	last := x.Rank() - 1
	size := x.Shape().Dimensions[last] / len(vars)
	for e, v := range vars {
		spec := make([]graph.SliceAxisSpec, x.Rank())
		for a := range spec {
			spec[a] = graph.AxisRange()
		}
		spec[last] = graph.AxisRange(e*size, (e+1)*size)
		block := graph.Slice(x, spec...)
		key := weak.Make(block)
		splits.Store(key, splitOf{src: weak.Make(x), index: e, len: len(vars)})
		runtime.AddCleanup(block, func(k weak.Pointer[graph.Node]) { splits.Delete(k) }, key)
		v.SetValueGraph(block)
	}
}

// JoinedSplit returns x when parts are, in order, all the blocks SplitWeights made of x.
func JoinedSplit(parts []*graph.Node) (*graph.Node, bool) {
	var src *graph.Node
	for i, p := range parts {
		s, ok := splits.Load(weak.Make(p))
		if !ok {
			return nil, false
		}
		sp := s.(splitOf)
		from := sp.src.Value()
		if from == nil || sp.index != i || sp.len != len(parts) || (src != nil && from != src) {
			return nil, false
		}
		src = from
	}
	return src, src != nil
}

// LastStack returns the stack last recorded in g whose first variable is first.
func LastStack(g *graph.Graph, first *context.Variable) (WeightStack, bool) {
	entry, ok := stacksByGraph.Load(weak.Make(g))
	if !ok {
		return WeightStack{}, false
	}
	s := entry.(*graphStacks)
	s.mu.Lock()
	ws, ok := s.byFirst[weak.Make(first)]
	s.mu.Unlock()
	if !ok {
		return WeightStack{}, false
	}
	return ws.strong()
}
