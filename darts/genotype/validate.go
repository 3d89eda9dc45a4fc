package genotype

import (
	"fmt"
	"strconv"
)

// InvalidError reports a genotype that is well formed but cannot describe a cell. Field and
// Index locate the problem so readers can point into their source text.
type InvalidError struct {
	Field string // normal, normal_concat, reduce, reduce_concat, recurrent or concat
	Index int    // the offending edge (or concat entry) within Field, or -1 for the whole field
	Msg   string

	// Offset is the byte offset of the offending value when the genotype was read from a repr,
	// else -1; Line and Column (1-based) locate the same byte.
	Offset, Line, Column int
}

func (e *InvalidError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("genotype: byte %d (line %d, column %d): %s", e.Offset, e.Line, e.Column, e.Msg)
	}
	return "genotype: " + e.Msg
}

func invalid(field string, index int, format string, args ...any) *InvalidError {
	return &InvalidError{Field: field, Index: index, Msg: fmt.Sprintf(format, args...), Offset: -1}
}

// Validate checks that g describes cells the reference model could build: both cells non-empty
// with two edges per node and the same number of nodes, known operations, every edge reading a
// state that exists before its node, and concat lists naming distinct existing states.
func (g Genotype) Validate() error {
	if err := validateCNNCell("normal", g.Normal, g.NormalConcat); err != nil {
		return err
	}
	if err := validateCNNCell("reduce", g.Reduce, g.ReduceConcat); err != nil {
		return err
	}
	// Both cells come from one search space with one node count; a mismatch almost always means
	// a list was cut short while pasting.
	if len(g.Normal) != len(g.Reduce) {
		return invalid("reduce", -1, "normal and reduce cells differ in size (%d vs %d nodes); both cells must have the same number of nodes",
			len(g.Normal)/2, len(g.Reduce)/2)
	}
	return nil
}

func validateCNNCell(cell string, edges []Edge, concat []int) error {
	if len(edges) == 0 {
		return invalid(cell, -1, "%s cell has no edges", cell)
	}
	if len(edges)%2 != 0 {
		return invalid(cell, -1, "%s cell has %d edges; a CNN cell needs an even number (two per node)", cell, len(edges))
	}
	for k, e := range edges {
		if !isCNNOp(e.Op) {
			return invalid(cell, k, "%s edge %d %s: unknown op %q; valid CNN ops: %s",
				cell, k, e.repr(), e.Op, opList(CNNOps()))
		}
		node := k / 2
		// Node i is state i+2, so it may read states 0 .. i+1.
		if e.From < 0 || e.From > node+1 {
			return invalid(cell, k, "%s edge %d %s of node %d (state %d): input state %d out of range 0..%d",
				cell, k, e.repr(), node, node+2, e.From, node+1)
		}
	}
	// Any state of the cell may be concatenated (the reference indexes its state list), so the
	// valid range is 0 .. nodes+1.
	return validateConcat(cell+"_concat", concat, len(edges)/2+1)
}

// Validate checks that r describes a cell the reference recurrent model could build: at least
// one node, known activations, each node reading an earlier state, and concat naming distinct
// existing states.
func (r Recurrent) Validate() error {
	if len(r.Edges) == 0 {
		return invalid("recurrent", -1, "recurrent cell has no edges")
	}
	for i, e := range r.Edges {
		if !isRNNOp(e.Op) {
			return invalid("recurrent", i, "recurrent edge %d %s: unknown op %q; valid recurrent ops: %s",
				i, e.repr(), e.Op, opList(RNNOps()))
		}
		// Node i is state i+1, so it may read states 0 .. i.
		if e.From < 0 || e.From > i {
			return invalid("recurrent", i, "recurrent edge %d %s of node %d (state %d): input state %d out of range 0..%d",
				i, e.repr(), i, i+1, e.From, i)
		}
	}
	return validateConcat("concat", r.Concat, len(r.Edges))
}

// validateConcat checks that concat is non-empty and lists distinct states in 0..maxState.
func validateConcat(name string, concat []int, maxState int) error {
	if len(concat) == 0 {
		return invalid(name, -1, "%s is empty", name)
	}
	seen := make(map[int]bool, len(concat))
	for i, s := range concat {
		if s < 0 || s > maxState {
			return invalid(name, i, "%s has state %d, out of range 0..%d", name, s, maxState)
		}
		if seen[s] {
			return invalid(name, i, "%s lists state %d twice", name, s)
		}
		seen[s] = true
	}
	return nil
}

// repr writes the edge the way the literature does, ('op', from), so errors quote what the user
// pasted.
func (e Edge) repr() string {
	return "(" + quotePy(e.Op) + ", " + strconv.Itoa(e.From) + ")"
}
