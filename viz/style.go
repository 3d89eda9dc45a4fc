package viz

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// OkabeIto is the colour-blind-safe palette of Okabe and Ito (2008), ordered for lines on white:
// blue, vermillion, bluish green, reddish purple, orange, sky blue, black, then yellow, which is
// faint on white and so comes last.
var OkabeIto = []color.Color{
	color.RGBA{0x00, 0x72, 0xB2, 0xFF}, // blue
	color.RGBA{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	color.RGBA{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	color.RGBA{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	color.RGBA{0xE6, 0x9F, 0x00, 0xFF}, // orange
	color.RGBA{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	color.RGBA{0x00, 0x00, 0x00, 0xFF}, // black
	color.RGBA{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// Style is the look of a figure: sizes are in points, so a figure keeps its proportions at any
// DPI, and they are chosen to stay legible when a 6-inch-wide figure is printed at column width.
type Style struct {
	Font                                       font.Font // typeface of every text
	TitleSize, LabelSize, TickSize, LegendSize vg.Length
	LineWidth                                  vg.Length // of data lines
	FaintLineWidth                             vg.Length // of Faint series (raw data under a smoothed curve)
	GridWidth                                  vg.Length
	GridColor                                  color.Color
	Palette                                    []color.Color // series colours, in order, cycling
}

// PrintStyle is the default: Liberation Sans (metrically Arial), 13/11/9/9 pt text, 1.6 pt lines,
// a light grid and the Okabe–Ito palette.
var PrintStyle = Style{
	Font:      font.Font{Typeface: "Liberation", Variant: "Sans"},
	TitleSize: 13, LabelSize: 11, TickSize: 9, LegendSize: 9,
	LineWidth: 1.6, FaintLineWidth: 0.8,
	GridWidth: 0.5, GridColor: color.Gray{0xDD},
	Palette: OkabeIto,
}

// Color returns the palette colour of series i.
func (s Style) Color(i int) color.Color { return s.Palette[i%len(s.Palette)] }

// Faint returns c blended with white, for data drawn behind the main curves.
func Faint(c color.Color) color.Color {
	const keep = 0.35 // share of the colour; the rest is white
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(keep*float64(v>>8) + (1-keep)*255 + 0.5) }
	return color.RGBA{mix(r), mix(g), mix(b), 0xFF}
}

// apply sets the fonts, sizes and axis lines of p.
func (s Style) apply(p *plot.Plot) {
	p.Title.TextStyle.Font = font.From(s.Font, s.TitleSize)
	p.Title.Padding = s.TitleSize / 2
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(s.Font, s.LabelSize)
		ax.Tick.Label.Font = font.From(s.Font, s.TickSize)
		ax.LineStyle = draw.LineStyle{Color: color.Black, Width: 0.8}
		ax.Tick.LineStyle = draw.LineStyle{Color: color.Black, Width: 0.8}
		ax.Tick.Marker = niceTicks{Target: 6}
	}
	p.Legend.TextStyle.Font = font.From(s.Font, s.LegendSize)
	p.Legend.ThumbnailWidth = 0.25 * vg.Inch
}
