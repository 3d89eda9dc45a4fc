package viz

import (
	"fmt"
	"math"
	"strconv"

	"github.com/dartsml/godarts/darts/genotype"
)

// Point is a position in a CellDiagram, in points (1/72 inch), y upwards.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned box in a CellDiagram.
type Rect struct{ Min, Max Point }

// Overlaps reports whether r and o intersect once both are grown by margin on every side.
func (r Rect) Overlaps(o Rect, margin float64) bool {
	return r.Min.X-margin < o.Max.X && o.Min.X-margin < r.Max.X &&
		r.Min.Y-margin < o.Max.Y && o.Min.Y-margin < r.Max.Y
}

// Center is the middle of r.
func (r Rect) Center() Point { return Point{(r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2} }

// Contains reports whether p lies inside r.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

func rectAround(c Point, w, h float64) Rect {
	return Rect{Point{c.X - w/2, c.Y - h/2}, Point{c.X + w/2, c.Y + h/2}}
}

func (r Rect) union(o Rect) Rect {
	return Rect{Point{math.Min(r.Min.X, o.Min.X), math.Min(r.Min.Y, o.Min.Y)},
		Point{math.Max(r.Max.X, o.Max.X), math.Max(r.Max.Y, o.Max.Y)}}
}

// NodeKind says what a node of a cell diagram stands for.
type NodeKind int

const (
	NodeInput  NodeKind = iota // c_{k-2}, c_{k-1}; x_t, h_{t-1}
	NodeInner                  // an intermediate node: 0, 1, ...
	NodeOutput                 // c_{k}; h_{t}
)

// DiagramNode is one box of a cell diagram.
type DiagramNode struct {
	Label string // "c_{k-1}", "2", "h_{t}" (_{...} is drawn as a subscript)
	Kind  NodeKind
	Layer int  // column, from 0 (the inputs) to the output's
	Box   Rect // where the rounded box goes
}

// DiagramEdge is one arrow of a cell diagram.
type DiagramEdge struct {
	From, To int     // indices into CellDiagram.Nodes
	Op       string  // the operation; "" for the plain arrows into the output (concatenation or mean)
	Style    OpStyle // colour and family of Op (grey for plain arrows)
	Path     []Point // the curve, sampled, from the source's right side to the target's left side
	Label    Rect    // the box of the op name along Path; zero when Op is ""
}

// CellDiagram is the drawing model of a cell: nodes with positions and edges with their curves
// and label boxes, all in points at the style's font sizes. It is plain data so tests can check
// the layout (right edges, no overlapping labels) without rendering; CellFigure draws it.
type CellDiagram struct {
	Title  string
	Nodes  []DiagramNode
	Edges  []DiagramEdge
	Bounds Rect // everything drawn lies inside
	// Font sizes the layout was measured with; rendering scales them with the geometry.
	NodeFontSize, LabelFontSize float64
	// Scale is the scale the layout was made for: 1 when the cell fits its canvas at the font
	// sizes above, less when it had to shrink (Fit).
	Scale float64

	plan  *cellPlan // for Fit
	style Style
}

// Node returns the index of the node labelled label, or -1.
func (d *CellDiagram) Node(label string) int {
	for i, n := range d.Nodes {
		if n.Label == label {
			return i
		}
	}
	return -1
}

// cellSpec is a cell before layout: its nodes and edges by index.
type cellSpec struct {
	title string
	nodes []DiagramNode
	edges []DiagramEdge
}

// NormalCell is the diagram of g's normal cell.
func NormalCell(g genotype.Genotype) (*CellDiagram, error) {
	return PrintStyle.cnnCell("Normal cell", g.Normal, g.NormalConcat)
}

// ReduceCell is the diagram of g's reduction cell.
func ReduceCell(g genotype.Genotype) (*CellDiagram, error) {
	return PrintStyle.cnnCell("Reduction cell", g.Reduce, g.ReduceConcat)
}

// RecurrentCell is the diagram of a recurrent cell: x_t and h_{t-1} feed node 0, node i+1 has
// the op edge Edges[i], and the nodes in Concat are averaged into h_t.
func RecurrentCell(r genotype.Recurrent) (*CellDiagram, error) {
	return PrintStyle.recurrentCell("Recurrent cell", r)
}

// cnnCell builds a CNN cell: states 0 and 1 are c_{k-2} and c_{k-1}, state s ≥ 2 is node s-2
// with edges[2(s-2)] and edges[2(s-2)+1].
func (s Style) cnnCell(title string, edges []genotype.Edge, concat []int) (*CellDiagram, error) {
	if len(edges) == 0 || len(edges)%2 != 0 {
		return nil, fmt.Errorf("viz: %s: %d edges, want two per node", title, len(edges))
	}
	steps := len(edges) / 2
	spec := cellSpec{title: title}
	spec.nodes = append(spec.nodes, DiagramNode{Label: "c_{k-2}", Kind: NodeInput}, DiagramNode{Label: "c_{k-1}", Kind: NodeInput})
	for i := range steps {
		spec.nodes = append(spec.nodes, DiagramNode{Label: strconv.Itoa(i), Kind: NodeInner})
	}
	out := len(spec.nodes)
	spec.nodes = append(spec.nodes, DiagramNode{Label: "c_{k}", Kind: NodeOutput})
	for i, e := range edges {
		to := 2 + i/2
		if e.From < 0 || e.From >= to {
			return nil, fmt.Errorf("viz: %s: edge %d (%s) into node %d comes from state %d, want 0..%d", title, i, e.Op, i/2, e.From, to-1)
		}
		st, err := StyleOf(e.Op)
		if err != nil {
			return nil, fmt.Errorf("viz: %s: edge %d: %w", title, i, err)
		}
		spec.edges = append(spec.edges, DiagramEdge{From: e.From, To: to, Op: e.Op, Style: st})
	}
	if err := spec.addOutputEdges(concat, 0, out, title); err != nil {
		return nil, err
	}
	return s.layoutCell(spec)
}

func (s Style) recurrentCell(title string, r genotype.Recurrent) (*CellDiagram, error) {
	if len(r.Edges) == 0 {
		return nil, fmt.Errorf("viz: %s: no edges", title)
	}
	spec := cellSpec{title: title}
	spec.nodes = append(spec.nodes, DiagramNode{Label: "x_{t}", Kind: NodeInput}, DiagramNode{Label: "h_{t-1}", Kind: NodeInput})
	for i := range len(r.Edges) + 1 {
		spec.nodes = append(spec.nodes, DiagramNode{Label: strconv.Itoa(i), Kind: NodeInner})
	}
	out := len(spec.nodes)
	spec.nodes = append(spec.nodes, DiagramNode{Label: "h_{t}", Kind: NodeOutput})
	spec.edges = append(spec.edges, plainEdge(0, 2), plainEdge(1, 2))
	for i, e := range r.Edges {
		// State j is node j, drawn as nodes[2+j]; edge i leads into state i+1.
		if e.From < 0 || e.From > i {
			return nil, fmt.Errorf("viz: %s: edge %d (%s) into node %d comes from state %d, want 0..%d", title, i, e.Op, i+1, e.From, i)
		}
		st, err := StyleOf(e.Op)
		if err != nil {
			return nil, fmt.Errorf("viz: %s: edge %d: %w", title, i, err)
		}
		spec.edges = append(spec.edges, DiagramEdge{From: 2 + e.From, To: 3 + i, Op: e.Op, Style: st})
	}
	if err := spec.addOutputEdges(r.Concat, 2, out, title); err != nil {
		return nil, err
	}
	return s.layoutCell(spec)
}

func plainEdge(from, to int) DiagramEdge {
	return DiagramEdge{From: from, To: to, Style: OpStyle{Family: FamilyNone, Color: plainEdgeColor}}
}

// addOutputEdges joins the states in concat to the output node: state s is nodes[s+offset], with
// offset 0 in a CNN cell (whose states count the two inputs) and 2 in a recurrent one (whose
// state 0 is the node after x_t and h_{t-1}).
func (spec *cellSpec) addOutputEdges(concat []int, offset, out int, title string) error {
	if len(concat) == 0 {
		return fmt.Errorf("viz: %s: no states go to the output", title)
	}
	for _, st := range concat {
		n := st + offset
		if n < 0 || n >= out {
			return fmt.Errorf("viz: %s: the output concatenates state %d, which the cell does not have", title, st)
		}
		spec.edges = append(spec.edges, plainEdge(n, out))
	}
	return nil
}
