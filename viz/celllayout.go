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
// column width; the gaps are starting values that layoutCell widens until every label fits.
const (
	cellNodeFont    = 11
	cellLabelFont   = 9
	cellNodeHeight  = 24
	cellNodePadX    = 9
	cellLabelPadX   = 2.5
	cellLabelPadY   = 1
	cellSamples     = 24  // curve samples per segment between layers
	cellLayoutTries = 8   // widenings before giving up on placing labels
	cellGrow        = 1.2 // factor per widening
)

// measure returns the width and height of txt at size in the style's font.
func (s Style) measure(txt string, size float64) (w, h float64) {
	fnt := font.From(s.Font, vg.Length(size))
	width, height, depth := richText.Box(txt, fnt)
	return float64(width), float64(height + depth)
}

// layoutCell assigns layers, orders each layer, places nodes, routes edges and places labels,
// widening the gaps between layers and nodes until no label overlaps another label or a node.
func (s Style) layoutCell(spec cellSpec) (*CellDiagram, error) {
	layers, err := assignLayers(spec)
	if err != nil {
		return nil, err
	}
	maxLabel := 0.0
	for _, e := range spec.edges {
		if e.Op != "" {
			w, _ := s.measure(e.Op, cellLabelFont)
			maxLabel = max(maxLabel, w)
		}
	}
	_, labelH := s.measure("Ag", cellLabelFont)
	gapX := 2*maxLabel + 30
	gapY := cellNodeHeight + 3*labelH + 12
	order := orderLayers(spec, layers)
	for try := 0; ; try++ {
		d := &CellDiagram{Title: spec.title, NodeFontSize: cellNodeFont, LabelFontSize: cellLabelFont}
		d.Nodes = slices.Clone(spec.nodes)
		d.Edges = slices.Clone(spec.edges)
		s.placeNodes(d, layers, order, gapX, gapY)
		routeEdges(d, order, labelH)
		if err := s.placeLabels(d); err == nil {
			d.Bounds = bounds(d)
			return d, nil
		} else if try == cellLayoutTries {
			return nil, fmt.Errorf("viz: %s: %w", spec.title, err)
		}
		gapX *= cellGrow
		gapY *= cellGrow
	}
}

// assignLayers puts each node one layer right of its deepest predecessor (the inputs in layer
// 0) and the output alone in the last layer, as graphviz's left-to-right ranking does.
func assignLayers(spec cellSpec) ([]int, error) {
	layer := make([]int, len(spec.nodes))
	out := -1
	for i, n := range spec.nodes {
		if n.Kind == NodeOutput {
			out = i
		}
	}
	// Edges always go from a lower to a higher node index, so one pass in index order suffices.
	for i := range spec.nodes {
		for _, e := range spec.edges {
			if e.To != i {
				continue
			}
			if e.From >= e.To {
				return nil, fmt.Errorf("viz: %s: edge from node %d to node %d goes backwards", spec.title, e.From, e.To)
			}
			layer[i] = max(layer[i], layer[e.From]+1)
		}
	}
	last := 0
	for i, l := range layer {
		if i != out {
			last = max(last, l)
		}
	}
	if out >= 0 {
		layer[out] = last + 1
	}
	return layer, nil
}

// orderLayers returns the nodes of each layer top to bottom: by index first, then sorted a few
// times by the mean position of their predecessors (the barycentre heuristic), which removes
// most crossings in cells this small.
func orderLayers(spec cellSpec, layer []int) [][]int {
	n := slices.Max(layer) + 1
	order := make([][]int, n)
	for i, l := range layer {
		order[l] = append(order[l], i)
	}
	pos := make([]float64, len(spec.nodes)) // relative position within the layer, 0..1
	setPos := func() {
		for _, nodes := range order {
			for k, i := range nodes {
				pos[i] = (float64(k) + 0.5) / float64(len(nodes))
			}
		}
	}
	setPos()
	for range 4 {
		for l := 1; l < n; l++ {
			bary := map[int]float64{}
			for _, i := range order[l] {
				sum, cnt := 0.0, 0
				for _, e := range spec.edges {
					if e.To == i {
						sum += pos[e.From]
						cnt++
					}
				}
				bary[i] = pos[i]
				if cnt > 0 {
					bary[i] = sum / float64(cnt)
				}
			}
			slices.SortStableFunc(order[l], func(a, b int) int {
				switch {
				case bary[a] < bary[b]-1e-9:
					return -1
				case bary[a] > bary[b]+1e-9:
					return 1
				}
				return a - b
			})
			setPos()
		}
	}
	return order
}

// placeNodes sizes every node to its label and puts layer l's column gapX right of layer l-1's,
// its nodes gapY apart, centred vertically on 0 (top of the order at the top).
func (s Style) placeNodes(d *CellDiagram, layer []int, order [][]int, gapX, gapY float64) {
	x := 0.0
	for l, nodes := range order {
		colW := 0.0
		for _, i := range nodes {
			w, _ := s.measure(d.Nodes[i].Label, cellNodeFont)
			colW = max(colW, max(w+2*cellNodePadX, cellNodeHeight*1.25))
		}
		for k, i := range nodes {
			w, _ := s.measure(d.Nodes[i].Label, cellNodeFont)
			w = max(w+2*cellNodePadX, cellNodeHeight*1.25)
			y := (float64(len(nodes)-1)/2 - float64(k)) * gapY
			d.Nodes[i].Layer = l
			d.Nodes[i].Box = rectAround(Point{x + colW/2, y}, w, cellNodeHeight)
		}
		x += colW + gapX
	}
	_ = layer
}

// routeEdges gives every edge its curve. Edges leave the source's right side and enter the
// target's left side at ports spread over the side (sorted by the other end's height, so edges
// of one node do not cross at the node); an edge that skips layers passes each skipped layer at a
// waypoint clear of that layer's nodes. Between consecutive points the curve is a cubic with
// horizontal tangents, the S-shape of graphviz's left-to-right splines.
func routeEdges(d *CellDiagram, order [][]int, labelH float64) {
	outPort := ports(d, func(e DiagramEdge) (int, int) { return e.From, e.To })
	inPort := ports(d, func(e DiagramEdge) (int, int) { return e.To, e.From })
	for k := range d.Edges {
		e := &d.Edges[k]
		src, dst := d.Nodes[e.From], d.Nodes[e.To]
		start := Point{src.Box.Max.X, outPort[k]}
		end := Point{dst.Box.Min.X, inPort[k]}
		pts := []Point{start}
		for l := src.Layer + 1; l < dst.Layer; l++ {
			x := colCenter(d, order[l])
			t := (x - start.X) / (end.X - start.X)
			y := clearY(d, order[l], start.Y+t*(end.Y-start.Y), labelH)
			pts = append(pts, Point{x, y})
		}
		pts = append(pts, end)
		e.Path = smoothPath(pts)
	}
}

// ports returns, for every edge, the height at which it meets the node end(e) picks, spreading
// the edges of each node over the middle 60% of its side.
func ports(d *CellDiagram, end func(DiagramEdge) (node, other int)) []float64 {
	at := make([]float64, len(d.Edges))
	byNode := map[int][]int{}
	for k, e := range d.Edges {
		n, _ := end(e)
		byNode[n] = append(byNode[n], k)
	}
	for n, edges := range byNode {
		slices.SortStableFunc(edges, func(a, b int) int {
			_, oa := end(d.Edges[a])
			_, ob := end(d.Edges[b])
			ya, yb := d.Nodes[oa].Box.Center().Y, d.Nodes[ob].Box.Center().Y
			switch {
			case ya > yb:
				return -1
			case ya < yb:
				return 1
			}
			return a - b
		})
		box := d.Nodes[n].Box
		span := 0.6 * (box.Max.Y - box.Min.Y)
		for i, k := range edges {
			at[k] = box.Center().Y + span*(0.5-(float64(i)+0.5)/float64(len(edges)))
		}
	}
	return at
}

func colCenter(d *CellDiagram, nodes []int) float64 {
	return d.Nodes[nodes[0]].Box.Center().X
}

// clearY moves y off the nodes of a layer, to the nearer side, leaving room for a label.
func clearY(d *CellDiagram, nodes []int, y, labelH float64) float64 {
	clearance := labelH/2 + 6
	for range len(nodes) + 1 {
		moved := false
		for _, i := range nodes {
			b := d.Nodes[i].Box
			if y > b.Min.Y-clearance && y < b.Max.Y+clearance {
				if y > b.Center().Y {
					y = b.Max.Y + clearance
				} else {
					y = b.Min.Y - clearance
				}
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return y
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
	total := 0.0
	for i := 1; i < len(path); i++ {
		total += math.Hypot(path[i].X-path[i-1].X, path[i].Y-path[i-1].Y)
	}
	want := t * total
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
