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
// and must lie inside the frame the layout fills; among those the one that hides the fewest other
// edges wins, then the one nearest labelPreferred.

// labelAlong are the fractions of an edge's length tried for its label. labelPreferred is the
// best one: a little past the middle, where the edges fanning out of one input have spread
// apart but the two edges into a node have not yet met.
var labelAlong = []float64{0.12, 0.16, 0.2, 0.24, 0.28, 0.32, 0.36, 0.4, 0.44, 0.48, 0.52, 0.56, 0.6, 0.64, 0.68, 0.72, 0.76, 0.8, 0.84, 0.88}

const labelPreferred = 0.58

const (
	labelNodeMargin  = 3   // points kept free between a label and a node
	labelLabelMargin = 1.5 // and between two labels
	labelCrossCost   = 4   // cost of hiding another edge under a label (against ≤ 1 for the position)
)

var errLabelsCollide = errors.New("op labels do not fit without overlapping")

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
	var placed []Rect
	for _, k := range todo {
		e := &d.Edges[k]
		w, h := s.measure(e.Op, cellLabelFont)
		w, h = w+2*cellLabelPadX, h+2*cellLabelPadY
		best, bestCost := Rect{}, math.Inf(1)
		for _, t := range labelAlong {
			p := pointAt(e.Path, t)
			for _, shift := range []struct{ dy, cost float64 }{{0, 0}, {h/2 + 1.5, 0.6}, {-h/2 - 1.5, 0.6}, {h * 0.25, 0.3}, {-h * 0.25, 0.3}} {
				box := rectAround(Point{p.X, p.Y + shift.dy}, w, h)
				if !s.labelFree(d, box, placed) || !frame.Contains(box.Min) || !frame.Contains(box.Max) {
					continue
				}
				cost := math.Abs(t-labelPreferred) + shift.cost + labelCrossCost*float64(crossings(d, k, box))
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

// crossings counts the other edges that pass under box (their sampled curves, each segment
// checked at a few points between its samples).
func crossings(d *CellDiagram, self int, box Rect) int {
	n := 0
	for k, e := range d.Edges {
		if k == self {
			continue
		}
		if pathHits(e.Path, box) {
			n++
		}
	}
	return n
}

func pathHits(path []Point, box Rect) bool {
	for i := 1; i < len(path); i++ {
		a, b := path[i-1], path[i]
		for j := 0; j <= 4; j++ {
			t := float64(j) / 4
			if box.Contains(Point{a.X + t*(b.X-a.X), a.Y + t*(b.Y-a.Y)}) {
				return true
			}
		}
	}
	return false
}

func pathLength(path []Point) float64 {
	total := 0.0
	for i := 1; i < len(path); i++ {
		total += math.Hypot(path[i].X-path[i-1].X, path[i].Y-path[i-1].Y)
	}
	return total
}
