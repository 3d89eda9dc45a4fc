package viz

import "math"

// Width is the least width in inches, from minWidth up to 2·minWidth, at which f draws its cell
// at full scale (CellDiagram.Scale 1: labels at their point size) on a canvas height inches
// high. A long chain of nodes (five in a row, say) needs more room than a fixed 8 inches, where
// it would shrink to about two thirds: callers that choose the canvas (`darts plot cell`) widen
// it instead.
func (f CellFigure) Width(minWidth, height float64) float64 {
	w := minWidth
	for range 4 {
		s := f.scaleAt(w, height)
		if s >= 0.999 || w >= 2*minWidth {
			break
		}
		w = math.Min(2*minWidth, w/s+0.05) // the width-limited scale is about canvas/natural width
	}
	return w
}

// scaleAt is the scale Draw lays the cell out at on a width×height-inch canvas (0 if none).
func (f CellFigure) scaleAt(width, height float64) float64 {
	d, s := f.Diagram, f.Style
	if d == nil {
		return 0
	}
	if s.Font.Typeface == "" {
		s = PrintStyle
	}
	const margin = 4 // as Draw
	cw, ch := width*72-2*margin, height*72-2*margin
	if !f.NoTitle && d.Title != "" {
		sty := s.textStyle(s.TitleSize)
		ch -= float64(sty.Height(d.Title) + s.TitleSize*0.8) // drawTitle's band
	}
	if cw <= 0 || ch <= 0 {
		return 0
	}
	fitted, err := d.Fit(cw, ch)
	if err != nil {
		return 0
	}
	return fitted.Scale
}
