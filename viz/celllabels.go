package viz

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Label placement: each op name goes in a box centred on its edge's curve (the white box cuts
// the line, as in graphviz's figures) or just above or below it. Labels are placed greedily,
// edges with the least room first; a candidate must not touch a node or a label already placed,
// and among those the one nearest the middle of the edge that hides the fewest other edges wins.

// labelAlong are the fractions of an edge's length tried for its label. labelPreferred is the
// best one: a little past the middle, where the edges fanning out of one input have spread
// apart but the two edges into a node have not yet met.
var labelAlong = []float64{0.14, 0.2, 0.26, 0.32, 0.38, 0.44, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.86}

const labelPreferred = 0.58

const (
	labelNodeMargin  = 3   // points kept free between a label and a node
	labelLabelMargin = 1.5 // and between two labels
)

var errLabelsCollide = errors.New("op labels do not fit without overlapping")

func (s Style) placeLabels(d *CellDiagram) error {
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
	var placed []Rect
	for _, k := range todo {
		e := &d.Edges[k]
		w, h := s.measure(e.Op, cellLabelFont)
		w, h = w+2*cellLabelPadX, h+2*cellLabelPadY
		best, bestCost := Rect{}, math.Inf(1)
		for _, t := range labelAlong {
			p := pointAt(e.Path, t)
			for _, shift := range []struct{ dy, cost float64 }{{0, 0}, {h/2 + 1.5, 0.6}, {-h/2 - 1.5, 0.6}} {
				box := rectAround(Point{p.X, p.Y + shift.dy}, w, h)
				if !s.labelFree(d, box, placed) {
					continue
				}
				cost := math.Abs(t-labelPreferred) + shift.cost + 1.0*float64(crossings(d, k, box))
				if cost < bestCost {
					best, bestCost = box, cost
				}
			}
		}
		if math.IsInf(bestCost, 1) {
			return fmt.Errorf("%w (edge %s → %s, %s)", errLabelsCollide, d.Nodes[e.From].Label, d.Nodes[e.To].Label, e.Op)
		}
		e.Label = best
		placed = append(placed, best)
	}
	return nil
}

func (s Style) labelFree(d *CellDiagram, box Rect, placed []Rect) bool {
	for _, n := range d.Nodes {
		if box.Overlaps(n.Box, labelNodeMargin) {
			return false
		}
	}
	for _, o := range placed {
		if box.Overlaps(o, labelLabelMargin) {
			return false
		}
	}
	return true
}

// crossings counts the other edges that pass under box.
func crossings(d *CellDiagram, self int, box Rect) int {
	n := 0
	for k, e := range d.Edges {
		if k == self {
			continue
		}
		for _, p := range e.Path {
			if box.Contains(p) {
				n++
				break
			}
		}
	}
	return n
}

func pathLength(path []Point) float64 {
	total := 0.0
	for i := 1; i < len(path); i++ {
		total += math.Hypot(path[i].X-path[i-1].X, path[i].Y-path[i-1].Y)
	}
	return total
}
