package nn

import (
	"sync"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Gradient is graph.Gradient(output, targets...), with one addition: while it runs, the
// gradients registered on nodes in this package (nodevjp.go) know which of their inputs lead to a
// target, and build no gradient for the others. GoMLX builds every input's gradient of a node on
// the path and drops the unneeded ones afterwards: in DARTS's α step that is every convolution's
// kernel gradient, a dead convolution each (on XLA, dead nodes still cost compile time).
func Gradient(output *graph.Node, targets ...*graph.Node) []*graph.Node {
	t := &gradientTargets{targets: map[*graph.Node]bool{}, memo: map[*graph.Node]bool{}}
	for _, n := range targets {
		t.targets[n] = true
	}
	g := output.Graph()
	activeTargets.Store(g, t)
	defer activeTargets.Delete(g)
	return graph.Gradient(output, targets...)
}

// activeTargets holds, per graph, the targets of the Gradient call under way.
var activeTargets sync.Map // *graph.Graph → *gradientTargets

type gradientTargets struct {
	targets, memo map[*graph.Node]bool
}

// needsGradient reports whether x depends on a target of the Gradient call under way on its graph
// (true when there is none: graph.Gradient called directly, so nothing may be skipped), not
// counting paths through a stopped gradient, as GoMLX's autodiff.
func needsGradient(x *graph.Node) bool {
	t, ok := activeTargets.Load(x.Graph())
	if !ok {
		return true
	}
	return t.(*gradientTargets).dependsOnTarget(x)
}

func (t *gradientTargets) dependsOnTarget(x *graph.Node) bool {
	if t.targets[x] {
		return true
	}
	if x.StopGradient() {
		return false
	}
	if known, ok := t.memo[x]; ok {
		return known
	}
	result := false
	for _, in := range x.Inputs() {
		if t.dependsOnTarget(in) {
			result = true
			break
		}
	}
	t.memo[x] = result
	return result
}

// ifNeeded returns grad() when x needs a gradient, else nil.
func ifNeeded(x *graph.Node, grad func() *graph.Node) *graph.Node {
	if !needsGradient(x) {
		return nil
	}
	return grad()
}
