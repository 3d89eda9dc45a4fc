package viz

import (
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Subscripts is a text handler for labels such as "c_{k-1}" or "h_{t-1} → 0": text inside _{...}
// is drawn smaller and lowered, with '-' as a true minus. The cell names of the DARTS figures
// need it: Liberation Sans has no subscript k or t, and gonum's LaTeX handler would switch the
// whole label to a math font. Anything else is drawn as plain text, one line per "\n".
type Subscripts struct{ Fonts *font.Cache }

var _ text.Handler = Subscripts{}

// subscriptScale and subscriptDrop size and lower a subscript relative to its base font.
const (
	subscriptScale = 0.72
	subscriptDrop  = 0.22
)

// richText is the handler every figure of this package uses.
var richText = Subscripts{Fonts: plot.DefaultTextHandler.Cache()}

type textRun struct {
	text string
	sub  bool
}

// runs splits a line into plain and subscript runs.
func runs(line string) []textRun {
	var out []textRun
	for line != "" {
		i := strings.Index(line, "_{")
		if i < 0 {
			return append(out, textRun{text: line})
		}
		j := strings.Index(line[i:], "}")
		if j < 0 {
			return append(out, textRun{text: line})
		}
		if i > 0 {
			out = append(out, textRun{text: line[:i]})
		}
		out = append(out, textRun{text: strings.ReplaceAll(line[i+2:i+j], "-", "−"), sub: true})
		line = line[i+j+1:]
	}
	return out
}

// Cache implements text.Handler.
func (h Subscripts) Cache() *font.Cache { return h.Fonts }

// Extents implements text.Handler.
func (h Subscripts) Extents(fnt font.Font) font.Extents {
	face := h.Fonts.Lookup(fnt, fnt.Size)
	return face.Extents()
}

// Lines implements text.Handler.
func (h Subscripts) Lines(txt string) []string {
	return strings.Split(strings.TrimRight(txt, "\n"), "\n")
}

// Box implements text.Handler.
func (h Subscripts) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	base := h.Fonts.Lookup(fnt, fnt.Size)
	sub := h.Fonts.Lookup(fnt, fnt.Size*subscriptScale)
	ext := base.Extents()
	height, depth = ext.Ascent, ext.Descent
	for _, r := range runs(txt) {
		if r.sub {
			width += sub.Width(r.text)
			depth = max(depth, fnt.Size*subscriptDrop+sub.Extents().Descent)
		} else {
			width += base.Width(r.text)
		}
	}
	return width, height, depth
}

// Draw implements text.Handler, rotating and aligning as text.Plain does.
func (h Subscripts) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if txt == "" {
		return
	}
	base := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	sub := h.Fonts.Lookup(sty.Font, sty.Font.Size*subscriptScale)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	sin, cos := vg.Length(sin64), vg.Length(cos64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin

	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - base.Extents().Ascent
	for i, line := range lines {
		w, _, _ := h.Box(line, sty.Font)
		at := pt.Add(vg.Point{X: vg.Length(sty.XAlign) * w, Y: vg.Length(len(lines)-i) * sty.Font.Size})
		for _, r := range runs(line) {
			if r.sub {
				c.FillString(sub, at.Add(vg.Point{Y: -sty.Font.Size * subscriptDrop}), r.text)
				at.X += sub.Width(r.text)
			} else {
				c.FillString(base, at, r.text)
				at.X += base.Width(r.text)
			}
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// textStyle is a TextStyle of the style's font at size, drawn with the Subscripts handler.
func (s Style) textStyle(size vg.Length) draw.TextStyle {
	return draw.TextStyle{Font: font.From(s.Font, size), Handler: richText, XAlign: draw.XCenter, YAlign: draw.YCenter}
}

// useSubscripts makes every text of p understand _{...}.
func useSubscripts(p *plot.Plot) {
	p.Title.TextStyle.Handler = richText
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Handler = richText
		ax.Tick.Label.Handler = richText
	}
	p.Legend.TextStyle.Handler = richText
}
