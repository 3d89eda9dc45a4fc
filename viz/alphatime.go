package viz

import (
	"fmt"
	"image/color"
	"math"

	"github.com/dartsml/godarts/darts/record"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// keptShade is the background of the panels of edges the final genotype keeps.
var keptShade = color.RGBA{0xFB, 0xF3, 0xE6, 0xFF}

// AlphasOverTime draws how softmax(α) of every edge of one cell (CellNormal or CellReduce) moves
// over a search: small multiples, one panel per edge, laid out as the cell's triangle (a row per
// node, a column per input), with shared axes, one colour and dash per op in every panel, a
// shared legend in the empty corner, and the edges the final genotype keeps shaded.
func AlphasOverTime(history []record.Alphas, cell CellKind) (Figure, error) {
	mats, err := CellHistory(history, cell)
	if err != nil {
		return nil, err
	}
	if len(mats) == 0 {
		return nil, errEmptyHistory
	}
	return PrintStyle.AlphasOverTimeOf(mats)
}

// AlphasOverTimeOf is AlphasOverTime for any cell's history, the recurrent one included.
func (s Style) AlphasOverTimeOf(history []AlphaMatrix) (Figure, error) {
	if err := checkHistory(history); err != nil {
		return nil, err
	}
	last := history[len(history)-1]
	names, err := last.edgeNames()
	if err != nil {
		return nil, err
	}
	kept, err := last.choices()
	if err != nil {
		return nil, err
	}
	steps, _ := last.steps()
	inputs := func(node int) int { // edges into node
		if last.Cell == CellRecurrent {
			return node + 1
		}
		return node + 2
	}
	cols := inputs(steps - 1)
	grid := make([][]*plot.Plot, steps)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
	}
	epochs := make([]float64, len(history))
	for i, m := range history {
		epochs[i] = float64(m.Epoch + 1) // epochs count from 1, as the search prints them
	}
	yMin, yMax := weightRange(history)
	xMin, xMax := epochs[0], epochs[len(epochs)-1]
	if xMax == xMin {
		xMax = xMin + 1
	}
	for row, name := range names {
		p := plot.New()
		s.apply(p)
		useSubscripts(p)
		p.Title.Text = name.String()
		p.Title.TextStyle.Font.Size = s.LegendSize + 1
		p.Title.Padding = 2
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xMin, xMax, yMin, yMax
		p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{Target: 4}, niceTicks{Target: 3}
		p.X.Padding, p.Y.Padding = 0, 0
		if kept[row] >= 0 {
			p.Add(panelShade{color: keptShade})
		}
		rules := plotter.NewGrid()
		rules.Vertical = draw.LineStyle{Color: s.GridColor, Width: s.GridWidth * 0.8}
		rules.Horizontal = rules.Vertical
		p.Add(rules)
		// none first, so the ops that matter are drawn over it.
		for j, op := range last.Primitives {
			st, _ := StyleOf(op)
			ys := make([]float64, len(history))
			for e, m := range history {
				ys[e] = m.Weights[row][j]
			}
			line, err := plotter.NewLine(plotter.XYs(xys(Series{X: epochs, Y: ys})))
			if err != nil {
				return nil, fmt.Errorf("viz: α over time, edge %s, op %s: %w", name, op, err)
			}
			line.Color, line.Width, line.Dashes = st.Color, s.LineWidth*0.85, st.Dashes
			if j == kept[row] {
				line.Width = s.LineWidth * 1.5
			}
			p.Add(line)
		}
		node, col := name.Node, name.Input
		// Tick labels only on the outer panels: the bottom row and the left column.
		if node != steps-1 {
			p.X.Tick.Label.Color = color.Transparent
		} else if col == 0 {
			p.X.Label.Text = "epoch"
		}
		if col != 0 {
			p.Y.Tick.Label.Color = color.Transparent
		} else if node == steps-1 {
			p.Y.Label.Text = "weight"
		}
		grid[node][col] = p
	}
	title := map[CellKind]string{CellNormal: "Normal cell", CellReduce: "Reduction cell", CellRecurrent: "Recurrent cell"}[last.Cell]
	legend := opLegend{ops: last.Primitives, style: s}
	g := Grid{Title: "softmax(α) per edge over the search — " + title, Rows: steps, Cols: cols, Plots: grid,
		PadX: 6, PadY: 4, Style: s, Extra: legend}
	// The legend goes into the empty upper-right triangle: row 0 right of its panels, as wide as
	// the free columns and as tall as the rows whose last free column is still free.
	g.ExtraRow, g.ExtraCol = 0, inputs(0)
	g.ExtraColsSpan = cols - inputs(0)
	g.ExtraRowsSpan = 1
	for r := 1; r < steps && inputs(r) < cols-1; r++ {
		g.ExtraRowsSpan = r + 1
	}
	if g.ExtraColsSpan == 0 {
		g.Extra = nil
	}
	return g, nil
}

// panelShade fills a panel's data area, behind its lines.
type panelShade struct{ color color.Color }

func (sh panelShade) Plot(c draw.Canvas, p *plot.Plot) {
	c.FillPolygon(sh.color, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

// opLegend lists ops with a sample of their line, in as many columns as fit, and the key to the
// shaded panels.
type opLegend struct {
	ops   []string
	style Style
}

func (l opLegend) Draw(c draw.Canvas) {
	s := l.style
	sty := s.textStyle(s.LegendSize + 1)
	sty.XAlign = draw.XLeft
	rowH := (s.LegendSize + 1) * 1.6
	sample := vg.Length(26)
	colW := sample + 6
	for _, op := range l.ops {
		colW = max(colW, sample+6+sty.Width(op)+12)
	}
	perCol := max(1, int((c.Max.Y-c.Min.Y-rowH)/rowH))
	ncols := (len(l.ops) + perCol - 1) / perCol
	perCol = (len(l.ops) + ncols - 1) / ncols
	x0 := c.Min.X + max(0, (c.Max.X-c.Min.X-vg.Length(ncols)*colW)/2)
	y0 := c.Max.Y - rowH/2 - 4
	for i, op := range l.ops {
		st, _ := StyleOf(op)
		x := x0 + vg.Length(i/perCol)*colW
		y := y0 - vg.Length(i%perCol)*rowH
		c.StrokeLines(draw.LineStyle{Color: st.Color, Width: s.LineWidth * 1.2, Dashes: st.Dashes}, []vg.Point{{X: x, Y: y}, {X: x + sample, Y: y}})
		c.FillText(sty, vg.Point{X: x + sample + 5, Y: y}, op)
	}
	y := y0 - vg.Length(perCol)*rowH
	c.FillPolygon(keptShade, []vg.Point{{X: x0, Y: y - 5}, {X: x0 + sample, Y: y - 5}, {X: x0 + sample, Y: y + 5}, {X: x0, Y: y + 5}})
	c.StrokeLines(draw.LineStyle{Color: color.Gray{0xAA}, Width: 0.5}, []vg.Point{{X: x0, Y: y - 5}, {X: x0 + sample, Y: y - 5}, {X: x0 + sample, Y: y + 5}, {X: x0, Y: y + 5}, {X: x0, Y: y - 5}})
	c.FillText(sty, vg.Point{X: x0 + sample + 5, Y: y}, "kept by the final genotype (its op thicker)")
}

// weightRange is the y range shared by all panels: from 0 when the weights spread out, as they
// do in a long search; zoomed to the band they occupy when they all stay near uniform, as in a
// short one, where a 0-based axis would draw every line flat on top of the others. Both ends are
// multiples of a 1-2-5 tick step.
func weightRange(history []AlphaMatrix) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, m := range history {
		for _, row := range m.Weights {
			for _, v := range row {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi-lo < 0.4*hi && hi-lo > 0 { // a narrow band away from 0
		step, _ := niceStep((hi - lo) / 3)
		return math.Floor(lo/step+1e-9) * step, math.Ceil(hi/step-1e-9) * step
	}
	step, _ := niceStep(hi / 4)
	return 0, math.Min(1, math.Ceil(hi/step-1e-9)*step)
}
