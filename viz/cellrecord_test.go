package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// A recording canvas for TestCellLabelsClear: it keeps every stroke, fill and string a figure
// draws, in canvas coordinates, and parseCellDrawing sorts a cell figure's calls into edges,
// nodes and labels. The geometry helpers here are the test's own, independent of the layout's.

// drawOp is one call on the recording canvas: a stroke or fill of a path (flattened), or a string.
type drawOp struct {
	kind  string // "stroke", "fill", "text"
	pts   []Point
	color color.Color
	width float64 // the line width of a stroke
	face  font.Face
	at    Point
	text  string
}

// drawRecorder is a vg.CanvasSizer that records what is drawn on it.
type drawRecorder struct {
	w, h        vg.Length
	width       vg.Length
	color       color.Color
	ops         []drawOp
	transformed bool
}

func (r *drawRecorder) Size() (vg.Length, vg.Length)        { return r.w, r.h }
func (r *drawRecorder) canvas() Rect                        { return Rect{Max: Point{float64(r.w), float64(r.h)}} }
func (r *drawRecorder) SetLineWidth(w vg.Length)            { r.width = w }
func (r *drawRecorder) SetLineDash([]vg.Length, vg.Length)  {}
func (r *drawRecorder) SetColor(c color.Color)              { r.color = c }
func (r *drawRecorder) Rotate(float64)                      { r.transformed = true }
func (r *drawRecorder) Translate(vg.Point)                  { r.transformed = true }
func (r *drawRecorder) Scale(float64, float64)              { r.transformed = true }
func (r *drawRecorder) Push()                               {}
func (r *drawRecorder) Pop()                                {}
func (r *drawRecorder) DrawImage(vg.Rectangle, image.Image) {}
func (r *drawRecorder) Stroke(p vg.Path) {
	r.ops = append(r.ops, drawOp{kind: "stroke", pts: flatten(p), color: r.color, width: float64(r.width)})
}
func (r *drawRecorder) Fill(p vg.Path) {
	r.ops = append(r.ops, drawOp{kind: "fill", pts: flatten(p), color: r.color})
}
func (r *drawRecorder) FillString(f font.Face, pt vg.Point, s string) {
	r.ops = append(r.ops, drawOp{kind: "text", face: f, at: Point{float64(pt.X), float64(pt.Y)}, text: s, color: r.color})
}

// flatten lists a path's points, arcs sampled every 5 degrees.
func flatten(p vg.Path) []Point {
	var out []Point
	for _, c := range p {
		switch c.Type {
		case vg.MoveComp, vg.LineComp:
			out = append(out, Point{float64(c.Pos.X), float64(c.Pos.Y)})
		case vg.ArcComp:
			n := max(1, int(math.Ceil(math.Abs(c.Angle)/(math.Pi/36))))
			for i := 0; i <= n; i++ {
				a := c.Start + c.Angle*float64(i)/float64(n)
				out = append(out, Point{float64(c.Pos.X) + float64(c.Radius)*math.Cos(a), float64(c.Pos.Y) + float64(c.Radius)*math.Sin(a)})
			}
		case vg.CurveComp:
			out = append(out, Point{float64(c.Pos.X), float64(c.Pos.Y)})
			for _, q := range c.Control {
				out = append(out, Point{float64(q.X), float64(q.Y)})
			}
		}
	}
	return out
}

func boxOf(pts []Point) Rect {
	r := Rect{pts[0], pts[0]}
	for _, p := range pts[1:] {
		r = r.union(Rect{p, p})
	}
	return r
}

// cellDrawing is a recorded cell figure, sorted into its parts.
type cellDrawing struct {
	arrows []struct {
		edge       int
		line, head []Point
		width      float64
	}
	nodes []struct {
		node    int
		box     Rect
		outline float64
	}
	labels []struct {
		edge      int
		box, text Rect
		size      float64
	}
}

// parseCellDrawing sorts the recorded calls by the order CellFigure.Draw makes them: the title,
// every edge (line, then arrowhead; plain edges first), every node (fill, outline, text runs),
// every op label (white box, text).
func parseCellDrawing(d *CellDiagram, ops []drawOp) (cellDrawing, error) {
	var out cellDrawing
	i := 0
	for i < len(ops) && ops[i].kind == "text" {
		i++ // the title
	}
	next := func(kind string) (drawOp, error) {
		if i >= len(ops) || ops[i].kind != kind {
			return drawOp{}, fmt.Errorf("call %d of the drawing: want a %s, have %v", i, kind, ops[min(i, len(ops)-1)].kind)
		}
		i++
		return ops[i-1], nil
	}
	var order []int
	for _, plain := range []bool{true, false} {
		for k, e := range d.Edges {
			if (e.Op == "") == plain {
				order = append(order, k)
			}
		}
	}
	for _, k := range order {
		line, err := next("stroke")
		if err != nil {
			return out, err
		}
		head, err := next("fill")
		if err != nil {
			return out, err
		}
		out.arrows = append(out.arrows, struct {
			edge       int
			line, head []Point
			width      float64
		}{k, line.pts, head.pts, line.width})
	}
	for n := range d.Nodes {
		fill, err := next("fill")
		if err != nil {
			return out, err
		}
		outline, err := next("stroke")
		if err != nil {
			return out, err
		}
		for i < len(ops) && ops[i].kind == "text" {
			i++
		}
		out.nodes = append(out.nodes, struct {
			node    int
			box     Rect
			outline float64
		}{n, boxOf(fill.pts), outline.width})
	}
	for k, e := range d.Edges {
		if e.Op == "" {
			continue
		}
		white, err := next("fill")
		if err != nil {
			return out, err
		}
		txt, err := next("text")
		if err != nil {
			return out, err
		}
		if txt.text != e.Op {
			return out, fmt.Errorf("label of edge %d reads %q, want %q", k, txt.text, e.Op)
		}
		ext := txt.face.Extents()
		w := float64(txt.face.Width(txt.text))
		text := Rect{Point{txt.at.X, txt.at.Y - float64(ext.Descent)}, Point{txt.at.X + w, txt.at.Y + float64(ext.Ascent)}}
		out.labels = append(out.labels, struct {
			edge      int
			box, text Rect
			size      float64
		}{k, boxOf(white.pts), text, float64(txt.face.Font.Size)})
	}
	if i != len(ops) {
		return out, fmt.Errorf("the drawing has %d calls after the labels", len(ops)-i)
	}
	return out, nil
}

// segmentsTouch reports whether the polyline pts, stroked half wide, touches box.
func segmentsTouch(pts []Point, box Rect, half float64) bool {
	g := Rect{Point{box.Min.X - half, box.Min.Y - half}, Point{box.Max.X + half, box.Max.Y + half}}
	for i := 1; i < len(pts); i++ {
		if clipsSegment(pts[i-1], pts[i], g) {
			return true
		}
	}
	return len(pts) == 1 && g.Contains(pts[0])
}

// clipsSegment clips the segment a–b to r (Liang–Barsky) and reports whether anything is left.
func clipsSegment(a, b Point, r Rect) bool {
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
		t := q / p
		if p < 0 {
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

// polygonTouches reports whether the filled convex polygon pts touches box.
func polygonTouches(pts []Point, box Rect) bool {
	closed := append(append([]Point(nil), pts...), pts[0])
	if segmentsTouch(closed, box, 0) {
		return true
	}
	// The box inside the polygon: its centre on the inner side of every edge.
	c := box.Center()
	sign := 0.0
	for i := 1; i < len(closed); i++ {
		a, b := closed[i-1], closed[i]
		cross := (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X)
		if sign == 0 {
			sign = cross
		} else if sign*cross < 0 {
			return false
		}
	}
	return true
}
