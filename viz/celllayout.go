package viz

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// plainEdgeColor is the grey of arrows that carry no op.
var plainEdgeColor = color.RGBA{0x80, 0x80, 0x80, 0xFF}

// Layout sizes of a cell diagram, in points. The font sizes match the paper's figures printed at
// column width; the gaps are the least the layout uses, widened to fill the canvas.
const (
	cellNodeFont   = 11
	cellLabelFont  = 9
	cellNodeHeight = 24
	cellNodePadX   = 9
	cellLabelPadX  = 2.5
	cellLabelPadY  = 1
	cellSamples    = 24   // curve samples per segment between layers
	cellShrinks    = 10   // times the layout may shrink its scale to make labels fit
	cellShrink     = 0.88 // factor per shrink
	// cellCrossShrink is the least share of its scale a layout gives up to keep labels off
	// other edges.
	cellCrossShrink = 0.75
)

// cellCanvas is the size (points) NormalCell, ReduceCell and RecurrentCell lay out for: an
// 8×3.5-inch figure under a title. CellFigure lays the cell out again for its real canvas.
var cellCanvas = Point{576, 225}

// measure returns the width and height of txt at size in the style's font.
func (s Style) measure(txt string, size float64) (w, h float64) {
	fnt := font.From(s.Font, vg.Length(size))
	width, height, depth := richText.Box(txt, fnt)
	return float64(width), float64(height + depth)
}

// layoutCell lays spec out for the default canvas.
func (s Style) layoutCell(spec cellSpec) (*CellDiagram, error) {
	plan, err := planCell(spec)
	if err != nil {
		return nil, err
	}
	return s.layoutFor(plan, cellCanvas.X, cellCanvas.Y)
}

// Fit lays the same cell out again to fill a canvas of width×height points: the gaps between
// layers and between the items of a layer grow until the drawing has the canvas's proportions,
// at the style's font sizes when the cell fits, else at the largest scale at which it does
// (Scale says which; CellFigure draws at that scale).
func (d *CellDiagram) Fit(width, height float64) (*CellDiagram, error) {
	if d.plan == nil || !(width > 0 && height > 0) {
		return d, nil
	}
	fitted, err := d.style.layoutFor(d.plan, width, height)
	if err != nil {
		return nil, err
	}
	fitted.Title = d.Title // a caller may have renamed the cell (CompareGenotypes does)
	return fitted, nil
}

// layoutFor places nodes and lanes, routes the edges and places their labels so that the
// diagram, drawn at scale Scale, fills width×height points. At each scale it tries the plan's
// orders (plan.alts) spaced four ways until every label has a place clear of other edges. If the
// labels do not fit, or none is clear, it shrinks the scale (so there is more room in diagram
// units) and tries again.
func (s Style) layoutFor(plan *cellPlan, width, height float64) (*CellDiagram, error) {
	maxLabel := 0.0
	for _, e := range plan.spec.edges {
		if e.Op != "" {
			w, _ := s.measure(e.Op, cellLabelFont)
			maxLabel = max(maxLabel, w)
		}
	}
	_, labelH := s.measure("Ag", cellLabelFont)
	laneH := labelH + 2*cellLabelPadY + 2
	gapX0, gapY0 := maxLabel+2*cellLabelPadX+22, labelH+10

	// Column widths and item heights.
	colW := make([]float64, len(plan.order))
	nodeW := make([]float64, len(plan.spec.nodes))
	for i, n := range plan.spec.nodes {
		w, _ := s.measure(n.Label, cellNodeFont)
		nodeW[i] = max(w+2*cellNodePadX, cellNodeHeight*1.25)
		colW[plan.layer[i]] = max(colW[plan.layer[i]], nodeW[i])
	}
	itemH := func(it cellItem) float64 {
		if it.node < 0 {
			return laneH
		}
		return cellNodeHeight
	}
	sumW := 0.0
	for _, w := range colW {
		sumW += w
	}
	gaps := float64(max(len(plan.order)-1, 1))
	layerHeight := func(l int, gapY float64) float64 {
		h := 0.0
		for _, it := range plan.order[l] {
			h += itemH(it)
		}
		return h + float64(len(plan.order[l])-1)*gapY
	}
	w0, h0 := sumW+gaps*gapX0, 0.0
	for l := range plan.order {
		h0 = max(h0, layerHeight(l, gapY0))
	}
	// Room beyond the least gaps goes to the gaps in proportion to the labels they may hold: one
	// plus the number of op edges that span the gap.
	weight := make([]float64, len(plan.order))
	weights, weights2 := 0.0, 0.0
	for l := 0; l+1 < len(plan.order); l++ {
		weight[l] = 1
		for _, e := range plan.spec.edges {
			if e.Op != "" && plan.layer[e.From] <= l && plan.layer[e.To] > l {
				weight[l]++
			}
		}
		weights += weight[l]
		weights2 += weight[l] * weight[l]
	}
	scale := math.Min(1, math.Min(width/w0, height/h0))
	var best *CellDiagram
	bestCovered, firstFit := 0, 0.0
	for try := 0; ; try++ {
		// The canvas in diagram units, and the gaps that fill it.
		W, H := width/scale, height/scale
		extra := math.Max(0, W-w0)
		gapY := math.Inf(1)
		for l := range plan.order {
			if n := len(plan.order[l]); n > 1 {
				fixed := layerHeight(l, 0)
				gapY = math.Min(gapY, (H-fixed)/float64(n-1))
			}
		}
		if math.IsInf(gapY, 1) {
			gapY = gapY0
		}
		gapY = math.Max(gapY, gapY0)
		// The orders to try, fewest crossings first: another order may leave every label a
		// clear place at this scale.
		orders := plan.alts
		if len(orders) == 0 {
			orders = [][][]cellItem{plan.order}
		}
		var err error
		fitted := false
		// Each order as graphviz spaces it (one gap between the items of every layer); with the
		// items of each layer spread over the whole height, which gives labels room where a
		// layer has few items; with the room between layers in proportion to the square of the
		// labels a gap may hold, so the crowded gaps (usually the first) widen more; with both.
		type variant struct {
			order          [][]cellItem
			spread, skewed bool
		}
		var variants []variant
		for _, v := range []variant{{}, {spread: true}, {skewed: true}, {spread: true, skewed: true}} {
			for _, order := range orders {
				v.order = order
				variants = append(variants, v)
			}
		}
		for _, v := range variants {
			order := v.order
			d := &CellDiagram{Title: plan.spec.title, NodeFontSize: cellNodeFont, LabelFontSize: cellLabelFont,
				Nodes: slices.Clone(plan.spec.nodes), Edges: slices.Clone(plan.spec.edges), plan: plan, style: s, Scale: scale}
			lanes := map[int]map[int]Point{} // edge → layer → lane centre
			x := 0.0
			for l, items := range order {
				gap := gapY
				if n := len(items); v.spread && n > 1 {
					gap = math.Max(gapY, (H-layerHeight(l, 0))/float64(n-1))
				}
				y := layerHeight(l, gap) / 2
				for _, it := range items {
					h := itemH(it)
					c := Point{x + colW[l]/2, y - h/2}
					y -= h + gap
					if it.node >= 0 {
						d.Nodes[it.node].Layer = l
						d.Nodes[it.node].Box = rectAround(c, nodeW[it.node], cellNodeHeight)
					} else {
						if lanes[it.edge] == nil {
							lanes[it.edge] = map[int]Point{}
						}
						lanes[it.edge][l] = c
					}
				}
				share := weight[l] / weights
				if v.skewed {
					share = weight[l] * weight[l] / weights2
				}
				x += colW[l] + gapX0 + extra*share
			}
			routeEdges(d, lanes, laneH/2)
			frame := Rect{Point{0, -H / 2}, Point{W, H / 2}}
			if err = s.placeLabels(d, frame); err != nil {
				continue
			}
			fitted = true
			d.Bounds = bounds(d)
			if covered := labelsOnEdges(d); best == nil || covered < bestCovered {
				best, bestCovered = d, covered
			}
			if bestCovered == 0 {
				return best, nil
			}
		}
		// Labels over other edges: worth a little of the scale (up to cellCrossShrink of the
		// first that fitted) to find a layout without.
		if fitted {
			if scale*cellShrink < firstFit*cellCrossShrink {
				return best, nil
			}
			if firstFit == 0 {
				firstFit = scale
			}
		} else if best != nil {
			return best, nil
		}
		if try == cellShrinks {
			return nil, fmt.Errorf("viz: %s: %w", plan.spec.title, err)
		}
		scale *= cellShrink
	}
}

// labelsOnEdges counts the labels that hide part of another edge.
func labelsOnEdges(d *CellDiagram) int {
	n := 0
	for k, e := range d.Edges {
		if e.Op != "" && crossings(d, k, e.Label) > 0 {
			n++
		}
	}
	return n
}

// routeEdges gives every edge its curve. Edges leave the source's right side and enter the
// target's left side at ports spread over the side (sorted by the other end's height, so edges
// of one node do not cross at the node), and pass through their lanes. Between consecutive
// points the curve is a cubic with horizontal tangents, the S-shape of graphviz's left-to-right
// splines. Parallel edges (two ops from one state into one node, as NASNet's cells have) bow
// apart by bow each, so that each has room for its label.
func routeEdges(d *CellDiagram, lanes map[int]map[int]Point, bow float64) {
	first := func(k int, toward bool) float64 { // height of the neighbour an edge's end sees
		e := d.Edges[k]
		src, dst := d.Nodes[e.From], d.Nodes[e.To]
		if toward { // from the source: the first lane, else the target
			if p, ok := lanes[k][src.Layer+1]; ok {
				return p.Y
			}
			return dst.Box.Center().Y
		}
		if p, ok := lanes[k][dst.Layer-1]; ok {
			return p.Y
		}
		return src.Box.Center().Y
	}
	outPort := ports(d, func(k int) (int, float64) { return d.Edges[k].From, first(k, true) })
	inPort := ports(d, func(k int) (int, float64) { return d.Edges[k].To, first(k, false) })
	for k := range d.Edges {
		e := &d.Edges[k]
		src, dst := d.Nodes[e.From], d.Nodes[e.To]
		pts := []Point{{src.Box.Max.X, outPort[k]}}
		for l := src.Layer + 1; l < dst.Layer; l++ {
			pts = append(pts, lanes[k][l])
		}
		pts = append(pts, Point{dst.Box.Min.X, inPort[k]})
		e.Path = smoothPath(pts)
	}
	bowParallel(d, bow)
}

// bowParallel bends each group of parallel edges apart: the i-th of n (top first) by
// (n-1-2i)·bow at its middle, tapering to nothing at its ends as sin², so the curve still leaves
// and enters horizontally.
func bowParallel(d *CellDiagram, bow float64) {
	groups := map[[2]int][]int{}
	for k, e := range d.Edges {
		if e.Op != "" {
			groups[[2]int{e.From, e.To}] = append(groups[[2]int{e.From, e.To}], k)
		}
	}
	for _, ks := range groups {
		if len(ks) < 2 {
			continue
		}
		// Top first: by the height at which they leave.
		slices.SortStableFunc(ks, func(a, b int) int { return cmpFloat(d.Edges[b].Path[0].Y, d.Edges[a].Path[0].Y) })
		for i, k := range ks {
			off := float64(len(ks)-1-2*i) * bow
			path := slices.Clone(d.Edges[k].Path)
			x0, x1 := path[0].X, path[len(path)-1].X
			for j := range path {
				s := math.Sin(math.Pi * (path[j].X - x0) / (x1 - x0))
				path[j].Y += off * s * s
			}
			d.Edges[k].Path = path
		}
	}
}

// ports returns, for every edge, the height at which it meets the node end(k) names, spreading
// the edges of each node over the middle 80% of its side (leaving room between them for labels)
// in the order of the heights end gives.
func ports(d *CellDiagram, end func(k int) (node int, otherY float64)) []float64 {
	at := make([]float64, len(d.Edges))
	byNode := map[int][]int{}
	for k := range d.Edges {
		n, _ := end(k)
		byNode[n] = append(byNode[n], k)
	}
	for n, edges := range byNode {
		slices.SortStableFunc(edges, func(a, b int) int {
			_, ya := end(a)
			_, yb := end(b)
			switch {
			case ya > yb:
				return -1
			case ya < yb:
				return 1
			}
			return a - b
		})
		box := d.Nodes[n].Box
		span := 0.8 * (box.Max.Y - box.Min.Y)
		for i, k := range edges {
			at[k] = box.Center().Y + span*(0.5-(float64(i)+0.5)/float64(len(edges)))
		}
	}
	return at
}

// smoothPath samples the horizontal-tangent cubics through pts.
func smoothPath(pts []Point) []Point {
	out := []Point{pts[0]}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		d := (b.X - a.X) / 2
		c1, c2 := Point{a.X + d, a.Y}, Point{b.X - d, b.Y}
		for j := 1; j <= cellSamples; j++ {
			t := float64(j) / cellSamples
			u := 1 - t
			out = append(out, Point{
				X: u*u*u*a.X + 3*u*u*t*c1.X + 3*u*t*t*c2.X + t*t*t*b.X,
				Y: u*u*u*a.Y + 3*u*u*t*c1.Y + 3*u*t*t*c2.Y + t*t*t*b.Y,
			})
		}
	}
	return out
}

// pointAt returns the point at fraction t of path's length.
func pointAt(path []Point, t float64) Point {
	want := t * pathLength(path)
	for i := 1; i < len(path); i++ {
		seg := math.Hypot(path[i].X-path[i-1].X, path[i].Y-path[i-1].Y)
		if want <= seg && seg > 0 {
			f := want / seg
			return Point{path[i-1].X + f*(path[i].X-path[i-1].X), path[i-1].Y + f*(path[i].Y-path[i-1].Y)}
		}
		want -= seg
	}
	return path[len(path)-1]
}

func bounds(d *CellDiagram) Rect {
	b := d.Nodes[0].Box
	for _, n := range d.Nodes {
		b = b.union(n.Box)
	}
	for _, e := range d.Edges {
		for _, p := range e.Path {
			b = b.union(Rect{p, p})
		}
		if e.Op != "" {
			b = b.union(e.Label)
		}
	}
	return b
}
