package viz

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Node fills, pale versions of the colours of the paper's graphviz figures (inputs green,
// intermediate nodes blue, output yellow), light enough for black text.
var nodeFill = map[NodeKind]color.RGBA{
	NodeInput:  {0xCF, 0xEB, 0xD6, 0xFF},
	NodeInner:  {0xD4, 0xE6, 0xF4, 0xFF},
	NodeOutput: {0xF6, 0xEC, 0xBE, 0xFF},
}

var (
	colorWhite  = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	nodeOutline = color.RGBA{0x33, 0x33, 0x33, 0xFF}
)

// CellFigure draws a CellDiagram laid out again for its canvas (CellDiagram.Fit), so that the
// cell fills the canvas with its labels at their point size where they fit, scaled uniformly
// otherwise (fonts included, so the layout's guarantee that labels do not overlap holds at any
// size), under the diagram's title unless NoTitle.
type CellFigure struct {
	Diagram *CellDiagram
	Style   Style
	NoTitle bool
}

// Cell returns a figure of diagram d in PrintStyle.
func Cell(d *CellDiagram) CellFigure { return CellFigure{Diagram: d, Style: PrintStyle} }

// Draw implements Figure.
func (f CellFigure) Draw(c draw.Canvas) {
	d, s := f.Diagram, f.Style
	if d == nil {
		return
	}
	if s.Font.Typeface == "" {
		s = PrintStyle
	}
	if !f.NoTitle {
		c = drawTitle(c, d.Title, s)
	}
	const margin = 4
	cw, ch := float64(c.Max.X-c.Min.X)-2*margin, float64(c.Max.Y-c.Min.Y)-2*margin
	if cw <= 0 || ch <= 0 {
		return
	}
	if fitted, err := d.Fit(cw, ch); err == nil {
		d = fitted
	}
	w, h := d.Bounds.Max.X-d.Bounds.Min.X, d.Bounds.Max.Y-d.Bounds.Min.Y
	if w <= 0 || h <= 0 {
		return
	}
	scale := math.Min(cw/w, ch/h)
	ox := float64(c.Min.X) + margin + (cw-w*scale)/2
	oy := float64(c.Min.Y) + margin + (ch-h*scale)/2
	at := func(p Point) vg.Point {
		return vg.Point{X: vg.Length(ox + (p.X-d.Bounds.Min.X)*scale), Y: vg.Length(oy + (p.Y-d.Bounds.Min.Y)*scale)}
	}
	L := func(v float64) vg.Length { return vg.Length(v * scale) }

	// Plain arrows first, so the coloured op edges are drawn over them.
	for _, plain := range []bool{true, false} {
		for _, e := range d.Edges {
			if (e.Op == "") != plain {
				continue
			}
			drawArrow(c, e, at, L(cellEdgeWidth), L(cellArrowLength))
		}
	}
	for _, n := range d.Nodes {
		r := Rect{Min: n.Box.Min, Max: n.Box.Max}
		min, max := at(r.Min), at(r.Max)
		path := roundedRect(min, max, L(6))
		c.SetColor(nodeFill[n.Kind])
		c.Fill(path)
		c.SetLineStyle(draw.LineStyle{Color: nodeOutline, Width: L(0.9)})
		c.Stroke(path)
		sty := s.textStyle(L(d.NodeFontSize))
		c.FillText(sty, at(n.Box.Center()), n.Label)
	}
	for _, e := range d.Edges {
		if e.Op == "" {
			continue
		}
		min, max := at(e.Label.Min), at(e.Label.Max)
		box := roundedRect(min, max, L(2))
		c.SetColor(colorWhite)
		c.Fill(box)
		sty := s.textStyle(L(d.LabelFontSize))
		sty.Color = e.Style.Text
		c.FillText(sty, at(e.Label.Center()), e.Op)
	}
}

// drawArrow strokes e's curve, stopping short of the target so the line does not show through
// the tip, and fills an arrowhead along the curve's last direction.
func drawArrow(c draw.Canvas, e DiagramEdge, at func(Point) vg.Point, width, head vg.Length) {
	pts := make([]vg.Point, len(e.Path))
	for i, p := range e.Path {
		pts[i] = at(p)
	}
	tip := pts[len(pts)-1]
	// The direction of the last stretch at least one head long.
	back := pts[0]
	for i := len(pts) - 2; i >= 0; i-- {
		if dist(pts[i], tip) >= head {
			back = pts[i]
			break
		}
	}
	dx, dy := float64(tip.X-back.X), float64(tip.Y-back.Y)
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	ux, uy := dx/n, dy/n
	base := vg.Point{X: tip.X - head*vg.Length(ux), Y: tip.Y - head*vg.Length(uy)}
	line := pts
	for len(line) > 2 && dist(line[len(line)-2], tip) < head*0.8 {
		line = line[:len(line)-1]
	}
	line = append(line[:len(line)-1:len(line)-1], base)
	clr := e.Style.Color
	var dashes []vg.Length // the family member's dash, scaled with the line
	for _, d := range e.Style.Dashes {
		dashes = append(dashes, d*width/cellEdgeWidth)
	}
	c.StrokeLines(draw.LineStyle{Color: clr, Width: width, Dashes: dashes}, line)
	half := head * cellArrowHalf / cellArrowLength
	c.FillPolygon(clr, []vg.Point{
		tip,
		{X: base.X - half*vg.Length(uy), Y: base.Y + half*vg.Length(ux)},
		{X: base.X + half*vg.Length(uy), Y: base.Y - half*vg.Length(ux)},
	})
}

func dist(a, b vg.Point) vg.Length {
	return vg.Length(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// roundedRect is the outline of the box min–max with corners of radius r.
func roundedRect(min, max vg.Point, r vg.Length) vg.Path {
	r = vg.Length(math.Min(float64(r), math.Min(float64(max.X-min.X), float64(max.Y-min.Y))/2))
	var p vg.Path
	p.Move(vg.Point{X: min.X + r, Y: min.Y})
	p.Line(vg.Point{X: max.X - r, Y: min.Y})
	p.Arc(vg.Point{X: max.X - r, Y: min.Y + r}, r, -math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: max.X, Y: max.Y - r})
	p.Arc(vg.Point{X: max.X - r, Y: max.Y - r}, r, 0, math.Pi/2)
	p.Line(vg.Point{X: min.X + r, Y: max.Y})
	p.Arc(vg.Point{X: min.X + r, Y: max.Y - r}, r, math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: min.X, Y: min.Y + r})
	p.Arc(vg.Point{X: min.X + r, Y: min.Y + r}, r, math.Pi, math.Pi/2)
	p.Close()
	return p
}
