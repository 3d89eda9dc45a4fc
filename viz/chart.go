package viz

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart is a line figure (Curves) whose legend is placed when it is drawn, once the canvas size
// is known: in the first corner of the data area where it covers no line (the corner
// legendOnTop guesses first), else outside the data area, to its right. The embedded plot can be
// adjusted as any gonum plot (titles, axis ranges) before drawing.
type Chart struct {
	*plot.Plot
	series  []Series
	outside bool // the last Draw put the legend outside the data area
}

// legendGap is the space between the data area and a legend drawn outside it.
const legendGap = 8

// Draw implements Figure.
func (ch *Chart) Draw(c draw.Canvas) {
	p := ch.Plot
	named := 0
	for _, sr := range ch.series {
		if sr.Name != "" {
			named++
		}
	}
	if named == 0 {
		p.Draw(c)
		return
	}
	top := legendOnTop(ch.series)
	for _, corner := range []struct{ top, left bool }{{top, false}, {!top, false}, {top, true}, {!top, true}} {
		p.Legend.Top, p.Legend.Left = corner.top, corner.left
		if !ch.legendCovers(c) {
			ch.outside = false
			p.Draw(c)
			return
		}
	}
	ch.outside = true
	// No free corner: the legend goes to the right of the data area.
	legend := p.Legend
	size := legend.Rectangle(c).Size()
	inner := c
	inner.Max.X -= size.X + legendGap
	p.Legend = plot.NewLegend()
	p.Draw(inner)
	p.Legend = legend
	data := p.DataCanvas(inner)
	strip := c
	strip.Min.X, strip.Min.Y, strip.Max.Y = inner.Max.X+legendGap, data.Min.Y, data.Max.Y
	legend.Top, legend.Left = true, true
	legend.XOffs, legend.YOffs = 0, 0
	legend.Draw(strip)
}

// legendCovers reports whether the legend, where p.Legend now puts it, hides part of a line.
func (ch *Chart) legendCovers(c draw.Canvas) bool {
	p := ch.Plot
	data := p.DataCanvas(c)
	size := p.Legend.Rectangle(c).Size()
	const margin = 5
	var r vg.Rectangle
	if p.Legend.Left {
		r.Min.X, r.Max.X = data.Min.X-p.X.Padding, data.Min.X-p.X.Padding+size.X
	} else {
		r.Min.X, r.Max.X = data.Max.X+p.X.Padding-size.X, data.Max.X+p.X.Padding
	}
	if p.Legend.Top {
		r.Min.Y, r.Max.Y = data.Max.Y+p.Y.Padding-size.Y, data.Max.Y+p.Y.Padding
	} else {
		r.Min.Y, r.Max.Y = data.Min.Y-p.Y.Padding, data.Min.Y-p.Y.Padding+size.Y
	}
	r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-margin, r.Min.Y-margin, r.Max.X+margin, r.Max.Y+margin
	tx, ty := p.Transforms(&data)
	inside := func(x, y vg.Length) bool { return x >= r.Min.X && x <= r.Max.X && y >= r.Min.Y && y <= r.Max.Y }
	for _, sr := range ch.series {
		for i := range sr.X {
			x, y := tx(sr.X[i]), ty(sr.Y[i])
			if inside(x, y) {
				return true
			}
			if i == 0 {
				continue
			}
			x0, y0 := tx(sr.X[i-1]), ty(sr.Y[i-1])
			for k := 1; k < 16; k++ {
				f := vg.Length(k) / 16
				if inside(x0+f*(x-x0), y0+f*(y-y0)) {
					return true
				}
			}
		}
	}
	return false
}
