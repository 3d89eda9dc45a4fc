package viz

import (
	"reflect"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is anything this package renders and saves: a *plot.Plot, a cell diagram, or a
// composite of panels (Split, Grid). It draws itself into whatever canvas it is given.
type Figure interface {
	Draw(c draw.Canvas)
}

// isNil reports a nil Figure, including a typed nil such as (*plot.Plot)(nil), which would
// otherwise panic inside Draw.
func isNil(f Figure) bool {
	if f == nil {
		return true
	}
	v := reflect.ValueOf(f)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Split lays panels side by side (Vertical false) or one above the other (Vertical true), each
// getting a share of the space proportional to its weight, under an optional title.
type Split struct {
	Title    string
	Vertical bool
	Panels   []Figure  // nil entries leave their share blank
	Weights  []float64 // nil: equal shares
	Gap      vg.Length // between panels
	Style    Style
}

// Draw implements Figure.
func (s Split) Draw(c draw.Canvas) {
	c = drawTitle(c, s.Title, s.Style)
	n := len(s.Panels)
	if n == 0 {
		return
	}
	total := 0.0
	for i := range n {
		total += s.weight(i)
	}
	span := c.Max.X - c.Min.X
	if s.Vertical {
		span = c.Max.Y - c.Min.Y
	}
	free := span - vg.Length(n-1)*s.Gap
	at := vg.Length(0)
	for i, p := range s.Panels {
		size := free * vg.Length(s.weight(i)/total)
		sub := c
		if s.Vertical { // the first panel on top
			sub.Max.Y = c.Max.Y - at
			sub.Min.Y = sub.Max.Y - size
		} else {
			sub.Min.X = c.Min.X + at
			sub.Max.X = sub.Min.X + size
		}
		if !isNil(p) {
			p.Draw(sub)
		}
		at += size + s.Gap
	}
}

func (s Split) weight(i int) float64 {
	if i < len(s.Weights) && s.Weights[i] > 0 {
		return s.Weights[i]
	}
	return 1
}

// Grid is a rows×cols table of plots whose data areas line up (gonum's plot.Align), for small
// multiples with shared axes. Extra draws into the blank cells (nil plots) after the plots:
// a shared legend, say.
type Grid struct {
	Title      string
	Rows, Cols int
	Plots      [][]*plot.Plot
	PadX, PadY vg.Length
	Style      Style
	// Extra, if set, draws into the canvas of blank cell (Row, Col), e.g. a legend.
	Extra         Figure
	ExtraRow      int
	ExtraCol      int
	ExtraColsSpan int // how many blank cells to the right the Extra may use (≥ 1)
	ExtraRowsSpan int // how many blank rows down the Extra may use (≥ 1)
}

// Draw implements Figure.
func (g Grid) Draw(c draw.Canvas) {
	c = drawTitle(c, g.Title, g.Style)
	// plot.Align does not leave room for half of the last x tick label of the right-most
	// column, which sits on the canvas's edge and was cut in two.
	s := g.Style
	if s.Font.Typeface == "" {
		s = PrintStyle
	}
	c.Max.X -= s.TickSize * 1.2
	tiles := draw.Tiles{Rows: g.Rows, Cols: g.Cols, PadX: g.PadX, PadY: g.PadY}
	canvases := plot.Align(g.Plots, tiles, c)
	for j, row := range g.Plots {
		for i, p := range row {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
	if isNil(g.Extra) {
		return
	}
	area := tiles.At(c, g.ExtraCol, g.ExtraRow)
	last := tiles.At(c, g.ExtraCol+max(g.ExtraColsSpan, 1)-1, g.ExtraRow+max(g.ExtraRowsSpan, 1)-1)
	area.Max.X, area.Min.Y = last.Max.X, last.Min.Y
	g.Extra.Draw(area)
}

// drawTitle writes title centred at the top of c and returns the rest of c.
func drawTitle(c draw.Canvas, title string, s Style) draw.Canvas {
	if title == "" {
		return c
	}
	if s.Font.Typeface == "" {
		s = PrintStyle
	}
	sty := s.textStyle(s.TitleSize)
	sty.YAlign = draw.YTop
	h := sty.Height(title)
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - s.TitleSize*0.3}, title)
	c.Max.Y -= h + s.TitleSize*0.8
	return c
}
