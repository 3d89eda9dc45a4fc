package darts

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// PreCompile builds and compiles e's graph for args without running it, so that a benchmark can
// time compilation apart from the first step. GoMLX v0.26.0's context.Exec.PreCompile donates the
// buffers of the variables the graph updates and resets them without running the graph, which
// would lose their values: PreCompile keeps copies and puts them back, and initialises the
// variables the graph created (optimiser state: their initialisers are deterministic).
func PreCompile(b backends.Backend, ctx *context.Context, e *context.Exec, args ...any) error {
	saved := map[*context.Variable]*tensors.Tensor{}
	for v := range ctx.IterVariables() {
		if !v.HasValue() {
			continue
		}
		t, err := v.Value()
		if err == nil {
			t, err = t.Clone()
		}
		if err != nil {
			return fmt.Errorf("darts: copying %s before compiling: %w", v.ScopeAndName(), err)
		}
		saved[v] = t
	}
	if err := e.PreCompile(args...); err != nil {
		return err
	}
	for v, t := range saved {
		if !v.HasValue() {
			if err := v.SetValue(t); err != nil {
				return fmt.Errorf("darts: restoring %s after compiling: %w", v.ScopeAndName(), err)
			}
		}
	}
	return ctx.InitializeVariables(b, nil)
}
