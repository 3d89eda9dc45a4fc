package viz

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
)

// TestOneTitlePerFigure: no figure repeats a title. Every string drawn at title size or larger
// (a figure's title, the title of each panel) is drawn once, and none is part of another (a
// panel titled again with the figure's title, or with its epoch, would be).
func TestOneTitlePerFigure(t *testing.T) {
	for name, f := range allFigures(t) {
		rec := &drawRecorder{w: inches(10), h: inches(7), width: 1}
		f.Draw(withMargin(draw.New(rec)))
		var titles []string
		for _, op := range rec.ops {
			if op.kind == "text" && float64(op.face.Font.Size) >= float64(PrintStyle.TitleSize)-0.01 {
				titles = append(titles, op.text)
			}
		}
		if len(titles) == 0 {
			t.Errorf("%s: no title", name)
		}
		for i, a := range titles {
			for _, b := range titles[:i] {
				if la, lb := strings.ToLower(a), strings.ToLower(b); strings.Contains(la, lb) || strings.Contains(lb, la) {
					t.Errorf("%s: titles %q and %q repeat each other", name, b, a)
				}
			}
		}
		t.Logf("%-12s %q", name, titles)
	}
}
