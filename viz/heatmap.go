package viz

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/dartsml/godarts/darts/record"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heatRamp is a sequential white-to-navy ramp (ColorBrewer "Blues" anchors): lightness grows
// monotonically with the weight, so it reads in greyscale and for colour-blind readers.
var heatRamp = []color.RGBA{
	{0xF7, 0xFB, 0xFF, 0xFF}, {0xDE, 0xEB, 0xF7, 0xFF}, {0xC6, 0xDB, 0xEF, 0xFF}, {0x9E, 0xCA, 0xE1, 0xFF},
	{0x6B, 0xAE, 0xD6, 0xFF}, {0x42, 0x92, 0xC6, 0xFF}, {0x21, 0x71, 0xB5, 0xFF}, {0x08, 0x51, 0x9C, 0xFF},
	{0x08, 0x30, 0x6B, 0xFF},
}

// heatColor maps v in [0, vmax] onto heatRamp.
func heatColor(v, vmax float64) color.RGBA {
	t := math.Max(0, math.Min(1, v/vmax)) * float64(len(heatRamp)-1)
	i := min(int(t), len(heatRamp)-2)
	f := t - float64(i)
	a, b := heatRamp[i], heatRamp[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-f) + float64(y)*f + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}

// HeatmapOptions tune AlphaHeatmapOf.
type HeatmapOptions struct {
	// Max is the weight of the darkest colour; 0 picks the largest weight drawn, rounded up to a
	// multiple of 0.1. Give one value to every frame of an animation so colours compare.
	Max float64
	// NoValues leaves the numbers out of the cells.
	NoValues bool
	Title    string
	// NoPanelTitles leaves out the cell names over the panels, for a figure whose title
	// already names the cell.
	NoPanelTitles bool
}

// AlphaHeatmap draws softmax(α) of one epoch's normal and reduction cells side by side: a row per
// edge, a column per primitive, the ops the derived genotype keeps boxed, one colour bar. The
// title names the epoch as the search printed it (records count from 0, the search's lines from 1).
func AlphaHeatmap(rec record.Alphas) (Figure, error) {
	n, r := CellAlphas(rec)
	return PrintStyle.AlphaHeatmapOf(HeatmapOptions{Title: fmt.Sprintf("softmax(α) after epoch %d", rec.Epoch+1)}, n, r)
}

// AlphaHeatmapOf draws one heatmap per matrix (a CNN pair, or a recurrent cell) with a shared
// colour scale; only the first shows the row names when all have the same rows.
func (s Style) AlphaHeatmapOf(opt HeatmapOptions, mats ...AlphaMatrix) (Figure, error) {
	if len(mats) == 0 {
		return nil, errEmptyHistory
	}
	vmax := opt.Max
	for _, m := range mats {
		if err := m.check(); err != nil {
			return nil, err
		}
		if opt.Max == 0 {
			for _, row := range m.Weights {
				for _, v := range row {
					vmax = math.Max(vmax, math.Ceil(v*10-1e-9)/10)
				}
			}
		}
	}
	if vmax <= 0 {
		vmax = 1
	}
	var plots []*plot.Plot
	for k, m := range mats {
		p, err := s.heatPanel(m, vmax, k == 0 || len(m.Weights) != len(mats[0].Weights), !opt.NoValues)
		if err != nil {
			return nil, err
		}
		if opt.NoPanelTitles {
			p.Title.Text = ""
		}
		plots = append(plots, p)
	}
	return heatmapFigure{title: opt.Title, plots: plots, vmax: vmax, style: s}, nil
}

func (s Style) heatPanel(m AlphaMatrix, vmax float64, rowNames, values bool) (*plot.Plot, error) {
	names, err := m.edgeNames()
	if err != nil {
		return nil, err
	}
	chosen, err := m.choices()
	if err != nil {
		return nil, err
	}
	p := plot.New()
	s.apply(p)
	useSubscripts(p)
	p.Title.Text = map[CellKind]string{CellNormal: "Normal cell", CellReduce: "Reduction cell", CellRecurrent: "Recurrent cell"}[m.Cell]
	rows, cols := len(m.Weights), len(m.Primitives)
	p.X.Min, p.X.Max = 0, float64(cols)
	p.Y.Min, p.Y.Max = 0, float64(rows)
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0
	var xt, yt []plot.Tick
	for j, op := range m.Primitives {
		xt = append(xt, plot.Tick{Value: float64(j) + 0.5, Label: op})
	}
	for i, n := range names {
		label := ""
		if rowNames {
			label = n.String()
		}
		yt = append(yt, plot.Tick{Value: float64(rows-i) - 0.5, Label: label})
	}
	p.X.Tick.Marker = plot.ConstantTicks(xt)
	p.Y.Tick.Marker = plot.ConstantTicks(yt)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YTop
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.Padding, p.Y.Padding = 2, 2
	p.Add(heatCells{m: m, names: names, chosen: chosen, vmax: vmax, values: values, style: s})
	return p, nil
}

// heatCells is the plotter of the coloured cells, the node separators and the choice boxes.
type heatCells struct {
	m      AlphaMatrix
	names  []EdgeName
	chosen []int
	vmax   float64
	values bool
	style  Style
}

func (h heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	rows := len(h.m.Weights)
	cell := func(i, j int) (vg.Point, vg.Point) {
		return vg.Point{X: tx(float64(j)), Y: ty(float64(rows - i - 1))}, vg.Point{X: tx(float64(j + 1)), Y: ty(float64(rows - i))}
	}
	cellH := ty(1) - ty(0)
	for i, row := range h.m.Weights {
		for j, v := range row {
			a, b := cell(i, j)
			fill := heatColor(v, h.vmax)
			c.FillPolygon(fill, []vg.Point{a, {X: b.X, Y: a.Y}, b, {X: a.X, Y: b.Y}})
			if h.values {
				sty := h.style.textStyle(min(7, cellH*0.62))
				sty.Color = color.Black
				if luminance(fill) < 0.45 {
					sty.Color = color.White
				}
				c.FillText(sty, vg.Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}, strconv.FormatFloat(v, 'f', 2, 64)[1:])
			}
		}
	}
	// A white rule between nodes groups each node's incoming edges.
	sep := draw.LineStyle{Color: color.White, Width: 2}
	for i := 1; i < rows; i++ {
		if h.names[i].Node != h.names[i-1].Node {
			y := ty(float64(rows - i))
			c.StrokeLine2(sep, tx(0), y, tx(float64(len(h.m.Primitives))), y)
		}
	}
	box := draw.LineStyle{Color: familyColor[FamilySkip], Width: 1.8}
	for i, j := range h.chosen {
		if j < 0 {
			continue
		}
		a, b := cell(i, j)
		in := vg.Length(1)
		c.StrokeLines(box, []vg.Point{{X: a.X + in, Y: a.Y + in}, {X: b.X - in, Y: a.Y + in}, {X: b.X - in, Y: b.Y - in}, {X: a.X + in, Y: b.Y - in}, {X: a.X + in, Y: a.Y + in}})
	}
}

func luminance(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// heatmapFigure lines up the panels' cells (gonum's Align) and adds the colour bar at the right,
// as tall as the cells.
type heatmapFigure struct {
	title string
	plots []*plot.Plot
	vmax  float64
	style Style
}

func (f heatmapFigure) Draw(c draw.Canvas) {
	s := f.style
	c = drawTitle(c, f.title, s)
	bar := vg.Length(0.75 * vg.Inch)
	panels := c
	panels.Max.X -= bar
	tiles := draw.Tiles{Rows: 1, Cols: len(f.plots), PadX: 8}
	canvases := plot.Align([][]*plot.Plot{f.plots}, tiles, panels)
	realign := false
	// Op names at 45° need columns about 1.6 lines apart; narrower columns get them upright,
	// where they need only one line (they overlapped in the GIF's narrow panel).
	for i, p := range f.plots {
		data := p.DataCanvas(canvases[0][i])
		colW := (data.Max.X - data.Min.X) / vg.Length(max(1, len(f.plots[i].X.Tick.Marker.Ticks(p.X.Min, p.X.Max))))
		rot := math.Pi / 4
		if colW < 1.6*s.TickSize*1.2 {
			rot = math.Pi / 2
		}
		if p.X.Tick.Label.Rotation != rot {
			p.X.Tick.Label.Rotation = rot
			realign = true
		}
		// Edge names no taller than their rows (the recurrent cell's 36 rows overlapped).
		rowH := (data.Max.Y - data.Min.Y) / vg.Length(max(1, p.Y.Max-p.Y.Min))
		if size := min(s.TickSize, rowH*0.8); p.Y.Tick.Label.Font.Size != size {
			p.Y.Tick.Label.Font.Size = size
			realign = true
		}
	}
	if realign {
		canvases = plot.Align([][]*plot.Plot{f.plots}, tiles, panels)
	}
	for i, p := range f.plots {
		p.Draw(canvases[0][i])
	}
	data := f.plots[0].DataCanvas(canvases[0][0])
	x0 := c.Max.X - bar + 10
	x1 := x0 + 10
	const steps = 64
	h := data.Max.Y - data.Min.Y
	for k := range steps {
		y0 := data.Min.Y + h*vg.Length(k)/steps
		y1 := data.Min.Y + h*vg.Length(k+1)/steps + 0.3
		c.FillPolygon(heatColor((float64(k)+0.5)/steps*f.vmax, f.vmax), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	c.StrokeLines(draw.LineStyle{Color: color.Gray{0x55}, Width: 0.5},
		[]vg.Point{{X: x0, Y: data.Min.Y}, {X: x1, Y: data.Min.Y}, {X: x1, Y: data.Max.Y}, {X: x0, Y: data.Max.Y}, {X: x0, Y: data.Min.Y}})
	tick := s.textStyle(s.TickSize)
	tick.XAlign = draw.XLeft
	for _, t := range (niceTicks{Target: 4}).Ticks(0, f.vmax) {
		if t.Label == "" {
			continue
		}
		y := data.Min.Y + h*vg.Length(t.Value/f.vmax)
		c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: 0.6}, x1, y, x1+3, y)
		c.FillText(tick, vg.Point{X: x1 + 5, Y: y}, t.Label)
	}
	// The bar's name, centred over it but never past the canvas's right edge (where it was cut).
	note := s.textStyle(s.TickSize)
	note.XAlign, note.YAlign = draw.XLeft, draw.YBottom
	nx := min((x0+x1)/2-note.Width("softmax(α)")/2, c.Max.X-2-note.Width("softmax(α)"))
	c.FillText(note, vg.Point{X: nx, Y: data.Max.Y + 4}, "softmax(α)")
	// The key to the boxes under the bar, one line, kept inside the canvas.
	box := draw.LineStyle{Color: familyColor[FamilySkip], Width: 1.5}
	kx, ky := x0, max(data.Min.Y-18, c.Min.Y+2)
	c.StrokeLines(box, []vg.Point{{X: kx, Y: ky}, {X: kx + 10, Y: ky}, {X: kx + 10, Y: ky + 8}, {X: kx, Y: ky + 8}, {X: kx, Y: ky}})
	key := s.textStyle(s.TickSize * 0.9)
	key.XAlign, key.YAlign = draw.XLeft, draw.YCenter
	c.FillText(key, vg.Point{X: kx + 13, Y: ky + 4}, "kept")
}
