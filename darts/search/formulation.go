package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The two storages of a search network's edge variables (see batchedEdges):
//
//   - per edge: /cellI/edgeE/<op>/<layer>/<name>, as the reference's modules (darts-cpu, and
//     every PC-DARTS network);
//   - stacked: /cellI/edgesA-B/<op>/<layer>/<name> for the edges [A, B) that XLA's batched cell
//     runs as one batch (edgeGroups), the per-edge tensors concatenated on their last axis in
//     edge order; and the running statistics of the primitives' last batch norms (stacked so)
//     concatenated in primitive order under /cellI/edgesA-B/outputs_bn/batchnorm, the batched
//     cell normalising all its primitives' outputs with one batch norm.
//
// The optimiser's state of a variable lives under its scope (/optimizer/<opt>/cellI/edgeE/...),
// so it converts the same way. The values are the same numbers either way: host initialisation
// creates per-edge variables (on darts-cpu) and a Searcher stacks them; a checkpoint holds the
// storage of the formulation that wrote it, and a Searcher converts what it loads into its own.

// stackedOn reports whether c's network, built on b, stores its edge variables stacked.
func (c Config) stackedOn(b backends.Backend) bool {
	c = c.withDefaults()
	return batchedEdges(b) && batchable(c.Primitives) && !c.pcDARTS()
}

// matchFormulation converts the context's edge variables to the storage of the searcher's
// formulation, if they are in the other one (after host initialisation or a checkpoint written
// by the other formulation). It must run before any graph of the searcher is built.
func (s *Searcher) matchFormulation() error {
	if s.Net.stackedOn(s.Backend) {
		return toStackedStorage(s.Ctx, s.Net)
	}
	return toPerEdgeStorage(s.Ctx, s.Net)
}

// toStackedStorage converts ctx's per-edge variables (if any) to the stacked storage.
func toStackedStorage(ctx *context.Context, net Config) error {
	if err := stackEdgeVariables(ctx, net); err != nil {
		return err
	}
	return joinOutputStats(ctx, net)
}

// toPerEdgeStorage converts ctx's stacked variables (if any) to the per-edge storage.
func toPerEdgeStorage(ctx *context.Context, net Config) error {
	if err := splitOutputStats(ctx, net); err != nil {
		return err
	}
	return unstackEdgeVariables(ctx, net)
}

// edgeVariable is a variable's place in a search network's cells: scope = prefix/cellI/<edge
// segment>/rest.
type edgeVariable struct {
	v            *context.Variable
	prefix, rest string // scope before "/cellI" and after the edge segment ("" or "/...")
	cell         int
	from, to     int // the edge (to = from+1) or stacked edges [from, to)
}

// parseEdgeVariable finds the cellI/edgeE (stacked false) or cellI/edgesA-B (stacked true)
// segments in v's scope. It runs over every variable at each step: no fmt.
func parseEdgeVariable(v *context.Variable, stacked bool) (edgeVariable, bool) {
	scope := v.Scope()
	if !strings.Contains(scope, "/edge") {
		return edgeVariable{}, false
	}
	segs := strings.Split(scope, "/")
	for i := 0; i+1 < len(segs); i++ {
		var ev edgeVariable
		var ok bool
		if ev.cell, ok = number(segs[i], "cell"); !ok {
			continue
		}
		if stacked {
			a, b, found := strings.Cut(strings.TrimPrefix(segs[i+1], "edges"), "-")
			if !found || !strings.HasPrefix(segs[i+1], "edges") {
				continue
			}
			var okA, okB bool
			ev.from, okA = number(a, "")
			ev.to, okB = number(b, "")
			if !okA || !okB || ev.to <= ev.from {
				continue
			}
		} else {
			if ev.from, ok = number(segs[i+1], "edge"); !ok {
				continue
			}
			ev.to = ev.from + 1
		}
		ev.v = v
		ev.prefix = strings.Join(segs[:i], "/")
		if i+2 < len(segs) {
			ev.rest = "/" + strings.Join(segs[i+2:], "/")
		}
		return ev, true
	}
	return edgeVariable{}, false
}

// number parses seg as prefix followed by a decimal number without sign or leading zeros.
func number(seg, prefix string) (int, bool) {
	digits, ok := strings.CutPrefix(seg, prefix)
	if !ok || digits == "" || (len(digits) > 1 && digits[0] == '0') {
		return 0, false
	}
	n := 0
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// stackEdgeVariables replaces ctx's per-edge variables by stacked ones (see the top of the file).
func stackEdgeVariables(ctx *context.Context, net Config) error {
	net = net.withDefaults()
	type key struct {
		prefix, rest, name string
		cell, from, to     int
	}
	members := map[key][]edgeVariable{}
	var order []key
	for v := range ctx.IterVariables() {
		ev, ok := parseEdgeVariable(v, false)
		if !ok {
			continue
		}
		if ev.cell >= net.Layers {
			return fmt.Errorf("search: variable %s: no cell %d in a %d-cell network", v.ScopeAndName(), ev.cell, net.Layers)
		}
		gr, ok := groupOf(net, ev.cell, ev.from)
		if !ok {
			return fmt.Errorf("search: variable %s: no edge %d in a cell", v.ScopeAndName(), ev.from)
		}
		k := key{ev.prefix, ev.rest, v.Name(), ev.cell, gr.from, gr.to}
		if members[k] == nil {
			order = append(order, k)
		}
		members[k] = append(members[k], ev)
	}
	for _, k := range order {
		evs := members[k]
		slices.SortFunc(evs, func(a, b edgeVariable) int { return a.from - b.from })
		if len(evs) != k.to-k.from {
			return fmt.Errorf("search: stacking %s: %d of the edges %d-%d have it", evs[0].v.ScopeAndName(), len(evs), k.from, k.to)
		}
		parts := make([]*tensors.Tensor, len(evs))
		for i, ev := range evs {
			t, err := ev.v.Value()
			if err != nil {
				return fmt.Errorf("search: stacking %s: %w", ev.v.ScopeAndName(), err)
			}
			parts[i] = t
		}
		stacked, err := concatLastAxis(parts)
		if err != nil {
			return fmt.Errorf("search: stacking %s: %w", evs[0].v.ScopeAndName(), err)
		}
		scope := fmt.Sprintf("%s/cell%d/%s%s", k.prefix, k.cell, stackedScope(k.from, k.to), k.rest)
		old := make([]*context.Variable, len(evs))
		for i, ev := range evs {
			old[i] = ev.v
		}
		if err := replaceVariables(ctx, old, scope, k.name, stacked, evs[0].v.Trainable); err != nil {
			return err
		}
	}
	return nil
}

// unstackEdgeVariables replaces ctx's stacked variables by per-edge ones.
func unstackEdgeVariables(ctx *context.Context, net Config) error {
	var stacked []edgeVariable
	for v := range ctx.IterVariables() {
		if ev, ok := parseEdgeVariable(v, true); ok {
			stacked = append(stacked, ev)
		}
	}
	for _, ev := range stacked {
		t, err := ev.v.Value()
		if err != nil {
			return fmt.Errorf("search: unstacking %s: %w", ev.v.ScopeAndName(), err)
		}
		parts, err := splitLastAxis(t, ev.to-ev.from)
		if err != nil {
			return fmt.Errorf("search: unstacking %s: %w", ev.v.ScopeAndName(), err)
		}
		for e, part := range parts {
			scope := fmt.Sprintf("%s/cell%d/%s%s", ev.prefix, ev.cell, edgeScope(ev.from+e), ev.rest)
			var old []*context.Variable
			if e == len(parts)-1 {
				old = []*context.Variable{ev.v} // the stacked variable goes with the last block
			}
			if err := replaceVariables(ctx, old, scope, ev.v.Name(), part, ev.v.Trainable); err != nil {
				return err
			}
		}
	}
	return nil
}

// groupOf is the batch of edgeGroups holding a cell's edge.
func groupOf(net Config, cell, edge int) (edgeGroup, bool) {
	for _, gr := range edgeGroups(net.Steps, net.IsReduction(cell)) {
		if edge >= gr.from && edge < gr.to {
			return gr, true
		}
	}
	return edgeGroup{}, false
}

// joinOutputStats replaces, in every batch of edges, the stacked running statistics of the
// primitives' last batch norms by those of the batch norm of all their outputs (outputsBNScope).
func joinOutputStats(ctx *context.Context, net Config) error {
	return eachOutputStats(net, func(joint string, scopes []string, name string) error {
		var old []*context.Variable
		var parts []*tensors.Tensor
		for _, scope := range scopes {
			if v := ctx.GetVariableByScopeAndName(scope, name); v != nil {
				t, err := v.Value()
				if err != nil {
					return fmt.Errorf("search: joining %s: %w", v.ScopeAndName(), err)
				}
				old, parts = append(old, v), append(parts, t)
			}
		}
		if len(old) == 0 {
			return nil // joined already
		}
		if len(old) != len(scopes) {
			return fmt.Errorf("search: joining %s/%s: %d of the %d primitives have it", joint, name, len(old), len(scopes))
		}
		joined, err := concatLastAxis(parts)
		if err != nil {
			return fmt.Errorf("search: joining %s/%s: %w", joint, name, err)
		}
		return replaceVariables(ctx, old, joint, name, joined, false)
	})
}

// splitOutputStats is joinOutputStats undone.
func splitOutputStats(ctx *context.Context, net Config) error {
	return eachOutputStats(net, func(joint string, scopes []string, name string) error {
		v := ctx.GetVariableByScopeAndName(joint, name)
		if v == nil {
			return nil
		}
		t, err := v.Value()
		if err == nil {
			var parts []*tensors.Tensor
			if parts, err = splitLastAxis(t, len(scopes)); err == nil {
				for i, scope := range scopes {
					var old []*context.Variable
					if i == len(scopes)-1 {
						old = []*context.Variable{v}
					}
					if err := replaceVariables(ctx, old, scope, name, parts[i], false); err != nil {
						return err
					}
				}
				return nil
			}
		}
		return fmt.Errorf("search: splitting %s: %w", v.ScopeAndName(), err)
	})
}

// eachOutputStats calls fn for every batch of edges of every cell and each running statistic,
// with the scope of the joint batch norm's variables and those of the primitives' last batch
// norms (stacked), in the order the joint one concatenates them.
func eachOutputStats(net Config, fn func(joint string, scopes []string, name string) error) error {
	net = net.withDefaults()
	for cell := 0; cell < net.Layers; cell++ {
		for _, gr := range edgeGroups(net.Steps, net.IsReduction(cell)) {
			group := fmt.Sprintf("/cell%d/%s", cell, stackedScope(gr.from, gr.to))
			var scopes []string
			for _, p := range net.Primitives {
				if sub, ok := ops.FinalBatchNormScope(p, gr.stride); ok {
					scopes = append(scopes, strings.TrimSuffix(group+"/"+p+"/"+sub, "/")+"/batchnorm")
				}
			}
			if len(scopes) == 0 {
				continue
			}
			for _, name := range []string{"running_mean", "running_var"} {
				if err := fn(group+"/"+outputsBNScope+"/batchnorm", scopes, name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// replaceVariables deletes old and creates the variable scope/name valued value.
func replaceVariables(ctx *context.Context, old []*context.Variable, scope, name string, value *tensors.Tensor, trainable bool) error {
	for _, v := range old {
		if err := ctx.DeleteVariable(v.Scope(), v.Name()); err != nil {
			return fmt.Errorf("search: converting %s: %w", v.ScopeAndName(), err)
		}
	}
	if ctx.GetVariableByScopeAndName(scope, name) != nil {
		return fmt.Errorf("search: converting to %s/%s: the variable exists in both storages", scope, name)
	}
	ctx.InAbsPath(scope).VariableWithValue(name, value).SetTrainable(trainable)
	return nil
}

// concatLastAxis concatenates float32 tensors of the same shape but for their last axis on it.
func concatLastAxis(parts []*tensors.Tensor) (*tensors.Tensor, error) {
	dims := slices.Clone(parts[0].Shape().Dimensions)
	if len(dims) == 0 {
		return nil, fmt.Errorf("cannot stack scalars")
	}
	last := len(dims) - 1
	outer := 1
	for _, d := range dims[:last] {
		outer *= d
	}
	flats := make([][]float32, len(parts))
	total := 0
	for i, p := range parts {
		pd := p.Shape().Dimensions
		if p.DType() != ops.DType || len(pd) != len(dims) || !slices.Equal(pd[:last], dims[:last]) {
			return nil, fmt.Errorf("edge %d is %s, edge 0 %s", i, p.Shape(), parts[0].Shape())
		}
		flats[i] = tensors.MustCopyFlatData[float32](p)
		total += pd[last]
	}
	out := make([]float32, 0, outer*total)
	for o := 0; o < outer; o++ {
		for i, f := range flats {
			n := parts[i].Shape().Dimensions[last]
			out = append(out, f[o*n:(o+1)*n]...)
		}
	}
	dims[last] = total
	return tensors.FromFlatDataAndDimensions(out, dims...), nil
}

// splitLastAxis cuts a float32 tensor into n equal blocks of its last axis.
func splitLastAxis(t *tensors.Tensor, n int) ([]*tensors.Tensor, error) {
	dims := slices.Clone(t.Shape().Dimensions)
	if t.DType() != ops.DType || len(dims) == 0 || dims[len(dims)-1]%n != 0 {
		return nil, fmt.Errorf("cannot cut %s into %d blocks of its last axis", t.Shape(), n)
	}
	last := len(dims) - 1
	size := dims[last] / n
	outer := 1
	for _, d := range dims[:last] {
		outer *= d
	}
	flat := tensors.MustCopyFlatData[float32](t)
	dims[last] = size
	parts := make([]*tensors.Tensor, n)
	for e := range parts {
		out := make([]float32, 0, outer*size)
		for o := 0; o < outer; o++ {
			out = append(out, flat[o*dims[last]*n+e*size:o*dims[last]*n+(e+1)*size]...)
		}
		parts[e] = tensors.FromFlatDataAndDimensions(out, dims...)
	}
	return parts, nil
}
