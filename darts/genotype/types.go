package genotype

import (
	"slices"
)

// Edge is one incoming edge of a cell node: operation Op applied to state From.
type Edge struct {
	Op   string
	From int
}

// Genotype is a discrete CNN architecture: a normal cell and a reduction cell.
//
// Node i of a cell is state i+2 (states 0 and 1 are the cell inputs) and has the two edges
// Normal[2i] and Normal[2i+1] (Reduce[2i], Reduce[2i+1] in the reduction cell), strongest first
// when derived. NormalConcat and ReduceConcat list the states concatenated into the cell output,
// in order (the order fixes the channel layout, so it is significant).
type Genotype struct {
	Normal       []Edge
	NormalConcat []int
	Reduce       []Edge
	ReduceConcat []int
}

// Recurrent is a discrete RNN cell architecture. State 0 is the highway-mixed input; node i is
// state i+1 and has the single edge Edges[i]. The cell output is the mean of the states in Concat.
type Recurrent struct {
	Edges  []Edge
	Concat []int
}

// NumNodes is the number of intermediate nodes per cell. Validation requires the normal and the
// reduction cell to agree, so one number describes both.
func (g Genotype) NumNodes() int { return len(g.Normal) / 2 }

// NumNodes is the number of nodes (states after the input) of the recurrent cell.
func (r Recurrent) NumNodes() int { return len(r.Edges) }

// Equal reports whether g and other describe the same architecture. Nil and empty lists are
// equal; concat order matters because it fixes the output channel order.
func (g Genotype) Equal(other Genotype) bool {
	return slices.Equal(g.Normal, other.Normal) &&
		slices.Equal(g.NormalConcat, other.NormalConcat) &&
		slices.Equal(g.Reduce, other.Reduce) &&
		slices.Equal(g.ReduceConcat, other.ReduceConcat)
}

// Equal reports whether r and other describe the same recurrent cell.
func (r Recurrent) Equal(other Recurrent) bool {
	return slices.Equal(r.Edges, other.Edges) && slices.Equal(r.Concat, other.Concat)
}

// Clone returns a deep copy, so callers can edit a built-in without changing it for everyone.
func (g Genotype) Clone() Genotype {
	return Genotype{
		Normal:       slices.Clone(g.Normal),
		NormalConcat: slices.Clone(g.NormalConcat),
		Reduce:       slices.Clone(g.Reduce),
		ReduceConcat: slices.Clone(g.ReduceConcat),
	}
}

// Clone returns a deep copy of r.
func (r Recurrent) Clone() Recurrent {
	return Recurrent{Edges: slices.Clone(r.Edges), Concat: slices.Clone(r.Concat)}
}
