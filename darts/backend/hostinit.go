package backend

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// InitializeOnHost creates and initialises, on a darts-cpu backend, every variable that build
// creates in ctx, and leaves their values as host tensors, ready for any backend. Each build is
// called once, in order, with a fresh graph of that CPU backend, and should build a graph the
// caller will run (say, the search step): only their variables are kept; nothing is compiled or
// run but the initialisers.
//
// Why: on XLA, GoMLX initialises variables with one compiled graph of all their random
// initialisers, and XLA on CUDA was seen compiling that graph for over a minute (and never
// finishing) even for a 2-cell search network, while the network's own graph compiled in
// seconds. Initialising on the host also gives the same initial weights, bit for bit, on every
// backend.
func InitializeOnHost(ctx *context.Context, builds ...func(g *graph.Graph)) (err error) {
	cpu, err := NewCPU("")
	if err != nil {
		return err
	}
	defer cpu.Finalize()
	for _, build := range builds {
		if err = buildOnly(cpu, build); err != nil {
			break
		}
	}
	if err == nil {
		err = ctx.InitializeVariables(cpu, nil)
	}
	if err != nil {
		return fmt.Errorf("initialising variables on the host: %w", err)
	}
	// Detach every value from the CPU backend, which is about to go.
	for v := range ctx.IterVariables() {
		if !v.HasValue() {
			continue
		}
		t, err := v.Value()
		if err == nil {
			t, err = t.LocalClone()
		}
		if err == nil {
			err = v.SetValue(t)
		}
		if err != nil {
			return fmt.Errorf("moving %s to the host: %w", v.ScopeAndName(), err)
		}
	}
	return nil
}

// buildOnly runs build on a new graph of b and throws the graph away, turning a panic (GoMLX's way
// of reporting graph-building errors) into an error.
func buildOnly(b backends.Backend, build func(g *graph.Graph)) (err error) {
	g := graph.NewGraph(b, "host_initialisation")
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building the graph: %v", r)
		}
		g.Finalize()
	}()
	build(g)
	return nil
}

// ParametersLike creates one graph parameter per tensor, shaped like it (input0, input1, ...):
// what an InitializeOnHost build needs to call a graph function without real inputs.
func ParametersLike(g *graph.Graph, ts ...*tensors.Tensor) []*graph.Node {
	nodes := make([]*graph.Node, len(ts))
	for i, t := range ts {
		nodes[i] = graph.Parameter(g, fmt.Sprintf("input%d", i), t.Shape())
	}
	return nodes
}
