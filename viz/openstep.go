package viz

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/darts/record"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// OpenStepFigure draws one opened search step (record.OpenStep) in two panels, a point per α
// entry (normal and reduction cells in two colours): the second-order gradient against the
// first-order one (on the dashed diagonal where the implicit term changes nothing), and the α
// change against the gradient the step used (Adam divides each entry by its running size, so
// the change is not proportional to the gradient).
func OpenStepFigure(o *record.OpenStep) (Figure, error) { return PrintStyle.OpenStepFigure(o) }

// OpenStepFigure is the package's OpenStepFigure in style s.
func (s Style) OpenStepFigure(o *record.OpenStep) (Figure, error) {
	if o == nil || len(o.First.Normal) == 0 {
		return nil, fmt.Errorf("viz: OpenStepFigure: no step")
	}
	cells := []struct {
		name           string
		first, second  [][]float64
		used, from, to [][]float64
	}{
		{"normal cell", o.First.Normal, o.Second.Normal, o.Used().Normal, o.AlphaBefore.Normal, o.AlphaAfter.Normal},
		{"reduction cell", o.First.Reduce, o.Second.Reduce, o.Used().Reduce, o.AlphaBefore.Reduce, o.AlphaAfter.Reduce},
	}
	left := s.scatterPlot("Second against first order", "first-order gradient (at w)", "second-order gradient (through w′)")
	right := s.scatterPlot(fmt.Sprintf("The α step (order %d, Adam)", o.Order), fmt.Sprintf("gradient used (order %d)", o.Order), "α after − α before")
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, c := range cells {
		var a, u plotter.XYs
		for i := range c.first {
			for j := range c.first[i] {
				a = append(a, plotter.XY{X: c.first[i][j], Y: c.second[i][j]})
				u = append(u, plotter.XY{X: c.used[i][j], Y: c.to[i][j] - c.from[i][j]})
				lo = math.Min(lo, math.Min(c.first[i][j], c.second[i][j]))
				hi = math.Max(hi, math.Max(c.first[i][j], c.second[i][j]))
			}
		}
		for _, pl := range []struct {
			p   *plot.Plot
			xys plotter.XYs
		}{{left, a}, {right, u}} {
			sc, err := plotter.NewScatter(pl.xys)
			if err != nil {
				return nil, fmt.Errorf("viz: OpenStepFigure: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: s.Color(k), Radius: 2.2, Shape: draw.CircleGlyph{}}
			if k == 1 {
				sc.GlyphStyle.Shape = draw.TriangleGlyph{}
				sc.GlyphStyle.Radius = 2.6
			}
			pl.p.Add(sc)
			pl.p.Legend.Add(c.name, sc)
		}
	}
	if hi > lo {
		diag, err := plotter.NewLine(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}})
		if err != nil {
			return nil, err
		}
		diag.Color, diag.Width, diag.Dashes = Faint(s.Color(6)), s.LineWidth*0.8, []vg.Length{4, 3}
		left.Add(diag)
		left.Legend.Add("second = first", diag)
	}
	left.Legend.Top, right.Legend.Top = true, true
	left.Legend.Left = true
	return Split{Panels: []Figure{left, right}, Gap: 14, Style: s}, nil
}

func (s Style) scatterPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	s.apply(p)
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: s.GridColor, Width: s.GridWidth}
	grid.Horizontal = grid.Vertical
	p.Add(grid)
	return p
}
