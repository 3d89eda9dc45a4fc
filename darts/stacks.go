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

type graphStacks struct {
	mu      sync.Mutex
	byFirst map[*context.Variable]WeightStack
}

// RecordWeightStack records that value is the concatenation, on the last axis, of vars' current
// values in value's graph. A later record for the same first variable replaces it (each forward
// pass of a step builds its own).
func RecordWeightStack(vars []*context.Variable, value *graph.Node) {
	g := value.Graph()
	key := weak.Make(g)
	entry, loaded := stacksByGraph.LoadOrStore(key, &graphStacks{byFirst: map[*context.Variable]WeightStack{}})
	if !loaded {
		runtime.AddCleanup(g, func(k weak.Pointer[graph.Graph]) { stacksByGraph.Delete(k) }, key)
	}
	s := entry.(*graphStacks)
	s.mu.Lock()
	s.byFirst[vars[0]] = WeightStack{Vars: vars, Value: value}
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
		for k, v := range s.byFirst {
			recorded[k] = v
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
// their current graph values.
func stackIsCurrent(g *graph.Graph, st WeightStack, wanted, done map[*context.Variable]bool) bool {
	in := st.Value.Inputs()
	if len(st.Vars) < 2 || len(in) != len(st.Vars) || st.Value.Type() != graph.NodeTypeConcatenate {
		return false
	}
	for i, m := range st.Vars {
		if !wanted[m] || done[m] || in[i] != m.ValueGraph(g) {
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
