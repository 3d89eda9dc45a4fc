package bench

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Census counts a built graph's GoMLX nodes: all of them and those the outputs depend on (the
// rest are dead: built, handed to the backend, never used), by op type, and its convolutions.
// XLA compile time grows with these counts; `darts bench -graph` prints them.
type Census struct {
	Nodes, Live                    int
	ByOp, LiveByOp                 map[string]int
	Convolutions, LiveConvolutions int
}

// CountGraph takes the census of g, whose results are outputs.
func CountGraph(g *graph.Graph, outputs ...*graph.Node) Census {
	c := Census{ByOp: map[string]int{}, LiveByOp: map[string]int{}}
	live := map[*graph.Node]bool{}
	stack := slices.Clone(outputs)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if live[n] {
			continue
		}
		live[n] = true
		stack = append(stack, n.Inputs()...)
	}
	for _, n := range g.Nodes() {
		op := n.Type().String()
		isConv := n.Type() == graph.NodeTypeConvGeneral
		c.Nodes++
		c.ByOp[op]++
		if isConv {
			c.Convolutions++
		}
		if live[n] {
			c.Live++
			c.LiveByOp[op]++
			if isConv {
				c.LiveConvolutions++
			}
		}
	}
	return c
}

// Write prints one line per op type, most frequent first: all nodes, then the live ones.
func (c Census) Write(w io.Writer) {
	ops := make([]string, 0, len(c.ByOp))
	for op := range c.ByOp {
		ops = append(ops, op)
	}
	slices.SortFunc(ops, func(a, b string) int { return cmp.Or(c.ByOp[b]-c.ByOp[a], cmp.Compare(a, b)) })
	fmt.Fprintf(w, "# %-24s %9s %9s\n", "op", "nodes", "live")
	for _, op := range ops {
		fmt.Fprintf(w, "  %-24s %9d %9d\n", op, c.ByOp[op], c.LiveByOp[op])
	}
	fmt.Fprintf(w, "  %-24s %9d %9d\n", "total", c.Nodes, c.Live)
}
