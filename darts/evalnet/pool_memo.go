package evalnet

import "github.com/gomlx/gomlx/pkg/core/graph"

// poolMemo builds each pooling edge of a cell once per input and stride. DARTS_V2's reduction
// cell pools its two inputs on five edges (max_pool_3x3 at stride 2: three on s1, two on s0);
// the pools have no parameters, so the reference's five modules compute two distinct results.
// Shared, the forward pass pools twice instead of five times and the backward pass runs one
// SelectAndScatter per input, on the sum of its edges' gradients (each edge still has its own
// drop-path mask), instead of one per edge and a sum of input-sized gradients: the same forward
// values, and backward values summed in a different order.
type poolMemo map[poolKey]*graph.Node

type poolKey struct {
	op     string
	in     *graph.Node
	stride int
}

// pooling lists the operations poolMemo shares: those without parameters or randomness.
var pooling = map[string]bool{"max_pool_3x3": true, "avg_pool_3x3": true}

// of returns op at stride on in, built by build the first time it is asked for.
func (m poolMemo) of(op string, in *graph.Node, stride int, build func() *graph.Node) *graph.Node {
	if !pooling[op] {
		return build()
	}
	k := poolKey{op, in, stride}
	h, ok := m[k]
	if !ok {
		h = build()
		m[k] = h
	}
	return h
}
