package viz

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Label placement: each op name goes in a box centred on its edge's curve (the white box cuts
// the line, as in graphviz's figures) or just above or below it. A place is clear when the box
// keeps off the nodes, off every other edge's line (at its drawn width) and off every arrowhead,
// and lies inside the frame the layout fills. The labels are then placed together: each takes
// one of its clear places, the nearest labelPreferred first, such that no two labels touch
// (a small backtracking search, the labels with the fewest clear places first). Only when that
// fails does a label go where it hides the fewest other edges; the layout then shrinks and tries
// again (layoutFor).

// labelAlong are the fractions of an edge's length tried for its label. labelPreferred is the
// best one: a little past the middle, where the edges fanning out of one input have spread
// apart but the two edges into a node have not yet met.
var labelAlong = func() []float64 {
	var out []float64
	for t := 0.06; t < 0.95; t += 0.02 {
		out = append(out, t)
	}
	return out
}()

const labelPreferred = 0.58

// labelShifts move a label off the point of its curve, up or down, by a share of its height,
// at a cost: on the line first, then a little off it, then just beside it.
var labelShifts = []struct{ dy, cost float64 }{{0, 0}, {0.25, 0.3}, {-0.25, 0.3}, {0.62, 0.6}, {-0.62, 0.6}}

const (
	labelNodeMargin  = 3   // points kept free between a label and a node
	labelLabelMargin = 1.5 // and between two labels
	labelEdgeMargin  = 0.5 // and between a label and another edge's line or any arrowhead
	labelCrossCost   = 4   // cost of hiding another edge under a label (against ≤ 1 for the position)
	labelSearch      = 200000
)

// The drawn width of an edge's line and the length and half-width of its arrowhead, in points at
// scale 1 (CellFigure draws them so; placement keeps labels off them).
const (
	cellEdgeWidth   = 1.3
	cellArrowLength = 6.5
	cellArrowHalf   = 0.42 * cellArrowLength
)

var errLabelsCollide = errors.New("op labels do not fit without overlapping")

// labelSpot is a place for a label: its box, how far it is from the preferred place, and how
// many other edges it hides.
type labelSpot struct {
	box    Rect
	cost   float64
	covers int
}

func (s Style) placeLabels(d *CellDiagram, frame Rect) error {
	var todo []int
	for k, e := range d.Edges {
		if e.Op != "" {
			todo = append(todo, k)
		}
	}
	// Short edges first: they have the fewest places for a label.
	slices.SortStableFunc(todo, func(a, b int) int {
		la, lb := pathLength(d.Edges[a].Path), pathLength(d.Edges[b].Path)
		switch {
		case la < lb:
			return -1
		case la > lb:
			return 1
		}
		return 0
	})
	obstacles := newEdgeObstacles(d)
	spots := make([][]labelSpot, len(todo)) // per label, by cost
	clear := make([][]labelSpot, len(todo)) // the spots that hide nothing
	for i, k := range todo {
		e := &d.Edges[k]
		w, h := s.measure(e.Op, cellLabelFont)
		w, h = w+2*cellLabelPadX, h+2*cellLabelPadY
		for _, t := range labelAlong {
			p := pointAt(e.Path, t)
			for _, shift := range labelShifts {
				box := rectAround(Point{p.X, p.Y + shift.dy*h}, w, h)
				if !frame.Contains(box.Min) || !frame.Contains(box.Max) || touchesNode(d, box) {
					continue
				}
				sp := labelSpot{box: box, cost: math.Abs(t-labelPreferred) + shift.cost, covers: obstacles.covered(k, box)}
				spots[i] = append(spots[i], sp)
				if sp.covers == 0 {
					clear[i] = append(clear[i], sp)
				}
			}
		}
		if len(spots[i]) == 0 {
			return fmt.Errorf("%w (edge %s → %s, %s)", errLabelsCollide, d.Nodes[e.From].Label, d.Nodes[e.To].Label, e.Op)
		}
		byCost := func(a, b labelSpot) int { return cmpFloat(a.cost, b.cost) }
		slices.SortStableFunc(spots[i], byCost)
		slices.SortStableFunc(clear[i], byCost)
	}
	if chosen, ok := chooseSpots(clear); ok {
		for i, k := range todo {
			d.Edges[k].Label = chosen[i]
		}
		return nil
	}
	// Some label has no clear place: each goes where it hides the fewest edges.
	var placed []Rect
	for i, k := range todo {
		best, bestCost := Rect{}, math.Inf(1)
		for _, sp := range spots[i] {
			if overlapsAny(sp.box, placed) {
				continue
			}
			if cost := sp.cost + labelCrossCost*float64(sp.covers); cost < bestCost {
				best, bestCost = sp.box, cost
			}
		}
		if math.IsInf(bestCost, 1) {
			e := d.Edges[k]
			return fmt.Errorf("%w (edge %s → %s, %s)", errLabelsCollide, d.Nodes[e.From].Label, d.Nodes[e.To].Label, e.Op)
		}
		d.Edges[k].Label = best
		placed = append(placed, best)
	}
	return nil
}

// chooseSpots picks one spot per label so that no two labels touch, trying each label's spots
// in their order, the labels with the fewest spots first; false if there is none within
// labelSearch steps.
func chooseSpots(spots [][]labelSpot) ([]Rect, bool) {
	order := make([]int, len(spots))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(spots[a]) - len(spots[b]) })
	if len(order) > 0 && len(spots[order[0]]) == 0 {
		return nil, false
	}
	chosen := make([]Rect, len(spots))
	steps := 0
	var search func(depth int) bool
	search = func(depth int) bool {
		if depth == len(order) {
			return true
		}
		i := order[depth]
	next:
		for _, sp := range spots[i] {
			if steps++; steps > labelSearch {
				return false
			}
			for _, j := range order[:depth] {
				if sp.box.Overlaps(chosen[j], labelLabelMargin) {
					continue next
				}
			}
			chosen[i] = sp.box
			if search(depth + 1) {
				return true
			}
		}
		return false
	}
	return chosen, search(0)
}

func touchesNode(d *CellDiagram, box Rect) bool {
	for _, n := range d.Nodes {
		if box.Overlaps(n.Box, labelNodeMargin) {
			return true
		}
	}
	return false
}

func overlapsAny(box Rect, placed []Rect) bool {
	for _, o := range placed {
		if box.Overlaps(o, labelLabelMargin) {
			return true
		}
	}
	return false
}

// edgeObstacles are what a label must keep off: every edge's line, as drawn (its width), and
// every arrowhead (a box around the triangle CellFigure fills at the end of the curve, which
// arrives horizontally).
type edgeObstacles struct {
	d     *CellDiagram
	reach []Rect // per edge, the box its line and arrowhead lie in
	heads []Rect
}

func newEdgeObstacles(d *CellDiagram) edgeObstacles {
	o := edgeObstacles{d: d}
	for _, e := range d.Edges {
		tip := e.Path[len(e.Path)-1]
		head := Rect{Point{tip.X - cellArrowLength, tip.Y - cellArrowHalf}, Point{tip.X, tip.Y + cellArrowHalf}}
		r := head
		for _, p := range e.Path {
			r = r.union(Rect{p, p})
		}
		o.reach = append(o.reach, r)
		o.heads = append(o.heads, head)
	}
	return o
}

// covered counts the edges whose line (other than self's) or arrowhead (self's included) box
// touches.
func (o edgeObstacles) covered(self int, box Rect) int {
	const m = cellEdgeWidth/2 + labelEdgeMargin
	grown := Rect{Point{box.Min.X - m, box.Min.Y - m}, Point{box.Max.X + m, box.Max.Y + m}}
	n := 0
	for k, e := range o.d.Edges {
		if !box.Overlaps(o.reach[k], m) {
			continue
		}
		if box.Overlaps(o.heads[k], labelEdgeMargin) || (k != self && pathHits(e.Path, grown)) {
			n++
		}
	}
	return n
}

// crossings counts the edges that a label of edge self in box hides: their lines pass under it
// or their arrowheads touch it.
func crossings(d *CellDiagram, self int, box Rect) int {
	return newEdgeObstacles(d).covered(self, box)
}

// pathHits reports whether any segment of path passes through box.
func pathHits(path []Point, box Rect) bool {
	for i := 1; i < len(path); i++ {
		if segmentHitsRect(path[i-1], path[i], box) {
			return true
		}
	}
	return false
}

// segmentHitsRect clips the segment a–b to r (Liang–Barsky) and reports whether anything is left.
func segmentHitsRect(a, b Point, r Rect) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, c := range [4][2]float64{{-dx, a.X - r.Min.X}, {dx, r.Max.X - a.X}, {-dy, a.Y - r.Min.Y}, {dy, r.Max.Y - a.Y}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		if t := q / p; p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

func pathLength(path []Point) float64 {
	total := 0.0
	for i := 1; i < len(path); i++ {
		total += math.Hypot(path[i].X-path[i-1].X, path[i].Y-path[i-1].Y)
	}
	return total
}
