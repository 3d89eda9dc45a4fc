package viz

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one line of a Curves figure: the points (X[i], Y[i]) joined in order.
type Series struct {
	Name string // legend entry; empty leaves the series out of the legend
	X, Y []float64
	// Faint draws the series thin and pale behind the others: noisy raw data (per-batch losses)
	// under its MovingAverage.
	Faint bool
	// Color overrides the palette colour of the series' position (nil keeps it), so that a run
	// keeps one colour across the lines and panels that show it.
	Color color.Color
	// Dashes draws the line dashed (nil: solid), e.g. validation under a solid training curve.
	Dashes []vg.Length
	// Points marks every point, for sparse data such as evaluations.
	Points bool
	// Lower and Upper, when set (both, X's length), fill a pale band between them under every
	// line: a spread such as mean ± std around Y.
	Lower, Upper []float64
}

// Curves draws series as lines on one pair of axes, in PrintStyle: faint series first, then the
// others in palette order, with a grid and a legend that covers no line (see Chart). It fails on
// no series, an empty series, X and Y of different lengths, or a NaN or infinite value (which
// would silently break a line).
func Curves(title, xLabel, yLabel string, series ...Series) (*Chart, error) {
	return PrintStyle.Curves(title, xLabel, yLabel, series...)
}

// Curves is the package's Curves in style s.
func (s Style) Curves(title, xLabel, yLabel string, series ...Series) (*Chart, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("viz: Curves %q: no series", title)
	}
	if len(s.Palette) == 0 {
		return nil, errors.New("viz: Curves: the style has an empty palette")
	}
	for i, sr := range series {
		if err := sr.check(); err != nil {
			return nil, fmt.Errorf("viz: Curves %q: series %d %q: %w", title, i, sr.Name, err)
		}
	}
	p := plot.New()
	s.apply(p)
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	if wholeX(series) {
		p.X.Tick.Marker = niceTicks{Target: 6, Integer: true}
	}
	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: s.GridColor, Width: s.GridWidth}
	grid.Horizontal = grid.Vertical
	p.Add(grid)
	// Bands first, under everything.
	for i, sr := range series {
		if sr.Lower == nil {
			continue
		}
		clr := s.Color(i)
		if sr.Color != nil {
			clr = sr.Color
		}
		var pts plotter.XYs
		for k := range sr.X {
			pts = append(pts, plotter.XY{X: sr.X[k], Y: sr.Upper[k]})
		}
		for k := len(sr.X) - 1; k >= 0; k-- {
			pts = append(pts, plotter.XY{X: sr.X[k], Y: sr.Lower[k]})
		}
		band, err := plotter.NewPolygon(pts)
		if err != nil {
			return nil, fmt.Errorf("viz: Curves %q: band of %q: %w", title, sr.Name, err)
		}
		r, g, b, _ := clr.RGBA()
		band.Color, band.LineStyle.Width = tint(color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xFF}, 0.15), 0
		p.Add(band)
	}
	// Faint series go under the others; each keeps the colour of its position in the list, so a
	// raw series and its smoothed copy listed next to each other differ in colour too.
	for _, faint := range []bool{true, false} {
		for i, sr := range series {
			if sr.Faint != faint {
				continue
			}
			line, points, err := plotter.NewLinePoints(plotter.XYs(xys(sr)))
			if err != nil {
				return nil, fmt.Errorf("viz: Curves %q: series %q: %w", title, sr.Name, err)
			}
			clr := s.Color(i)
			if sr.Color != nil {
				clr = sr.Color
			}
			line.Color, line.Width, line.Dashes = clr, s.LineWidth, sr.Dashes
			if faint {
				line.Color, line.Width = Faint(clr), s.FaintLineWidth
			}
			p.Add(line)
			thumbs := []plot.Thumbnailer{line}
			if sr.Points {
				points.Color, points.Shape, points.Radius = clr, draw.CircleGlyph{}, s.LineWidth*1.7
				p.Add(points)
				thumbs = append(thumbs, points)
			}
			if sr.Name != "" {
				p.Legend.Add(sr.Name, thumbs...)
			}
		}
	}
	p.Legend.Top = legendOnTop(series)
	return &Chart{Plot: p, series: series}, nil
}

// legendOnTop says where the legend (drawn in the top or bottom right corner) hides less: at the
// bottom when the curves end high, as accuracy curves do; at the top otherwise, as for losses.
// It compares the mean of the series' right-most fifth with the middle of their range.
func legendOnTop(series []Series) bool {
	xMin, xMax := math.Inf(1), math.Inf(-1)
	yMin, yMax := math.Inf(1), math.Inf(-1)
	for _, sr := range series {
		for i := range sr.X {
			xMin, xMax = min(xMin, sr.X[i]), max(xMax, sr.X[i])
			yMin, yMax = min(yMin, sr.Y[i]), max(yMax, sr.Y[i])
		}
	}
	cut := xMax - (xMax-xMin)/5
	sum, n := 0.0, 0
	for _, sr := range series {
		for i := range sr.X {
			if sr.X[i] >= cut {
				sum += sr.Y[i]
				n++
			}
		}
	}
	return n == 0 || sum/float64(n) < (yMin+yMax)/2
}

// check reports a series that cannot be drawn.
func (sr Series) check() error {
	if len(sr.X) != len(sr.Y) {
		return fmt.Errorf("%d x values but %d y values", len(sr.X), len(sr.Y))
	}
	if len(sr.Y) == 0 {
		return errors.New("no points")
	}
	if (sr.Lower == nil) != (sr.Upper == nil) || sr.Lower != nil && (len(sr.Lower) != len(sr.X) || len(sr.Upper) != len(sr.X)) {
		return fmt.Errorf("band of %d lower and %d upper values for %d points, want both or neither, one per point", len(sr.Lower), len(sr.Upper), len(sr.X))
	}
	for i := range sr.Lower {
		if bad(sr.Lower[i]) || bad(sr.Upper[i]) {
			return fmt.Errorf("band[%d] is %v..%v", i, sr.Lower[i], sr.Upper[i])
		}
	}
	for i := range sr.X {
		if bad(sr.X[i]) {
			return fmt.Errorf("x[%d] is %v", i, sr.X[i])
		}
		if bad(sr.Y[i]) {
			return fmt.Errorf("y[%d] is %v", i, sr.Y[i])
		}
	}
	return nil
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

func xys(sr Series) []plotter.XY {
	pts := make([]plotter.XY, len(sr.X))
	for i := range pts {
		pts[i] = plotter.XY{X: sr.X[i], Y: sr.Y[i]}
	}
	return pts
}

// MovingAverage smooths y with a centred mean over window points: out[i] averages y[i-h..i+h]
// with h = window/2 (window rounded up to an odd number), clipped to the data near the ends
// (pandas' rolling(window, center=True, min_periods=1)). Centred, it follows y without lag, where
// a trailing mean draws a falling loss visibly to the right of its data; clipped rather than
// shrunk symmetrically, its end points average h+1 values instead of repeating the noisy last
// one. out has y's length; window < 1 counts as 1.
func MovingAverage(y []float64, window int) []float64 {
	half := max(window, 1) / 2
	prefix := make([]float64, len(y)+1) // prefix[i] = y[0] + ... + y[i-1]
	for i, v := range y {
		prefix[i+1] = prefix[i] + v
	}
	out := make([]float64, len(y))
	for i := range y {
		lo, hi := max(0, i-half), min(len(y), i+half+1)
		out[i] = (prefix[hi] - prefix[lo]) / float64(hi-lo)
	}
	return out
}

// wholeX reports whether every x of every series is a whole number (epochs, steps).
func wholeX(series []Series) bool {
	for _, sr := range series {
		for _, x := range sr.X {
			if x != math.Trunc(x) {
				return false
			}
		}
	}
	return true
}
