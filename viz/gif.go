package viz

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"
	"os"
	"time"

	"github.com/dartsml/godarts/darts/record"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// GIFOptions size and pace SearchGIF.
type GIFOptions struct {
	Cell          CellKind      // CellNormal (default) or CellReduce
	Width, Height float64       // inches; 0: 12×5
	DPI           int           // 0: 80, which keeps a 50-epoch GIF near a megabyte
	Delay         time.Duration // per epoch; 0: 0.4 s (the last frame stays 3 s)
}

func (o GIFOptions) withDefaults() GIFOptions {
	if o.Cell == "" {
		o.Cell = CellNormal
	}
	if o.Width == 0 {
		o.Width = 12
	}
	if o.Height == 0 {
		o.Height = 5
	}
	if o.DPI == 0 {
		o.DPI = 80
	}
	if o.Delay == 0 {
		o.Delay = 400 * time.Millisecond
	}
	return o
}

// SearchFrame is one frame of SearchGIF: after epoch rec.Epoch+1 (records count from 0, people
// from 1), the cell derived so far beside its α heatmap (colours scaled to vmax, so all frames
// compare), under one title.
func SearchFrame(rec record.Alphas, cell CellKind, vmax float64) (Figure, error) {
	g, err := DeriveFromRecord(rec)
	if err != nil {
		return nil, err
	}
	n, r := CellAlphas(rec)
	m := n
	d, err := NormalCell(g)
	if cell == CellReduce {
		m = r
		d, err = ReduceCell(g)
	}
	if err != nil {
		return nil, err
	}
	// One title names the cell and the epoch; the panels only say what they show.
	heat, err := PrintStyle.AlphaHeatmapOf(HeatmapOptions{Max: vmax, NoValues: true, NoPanelTitles: true}, m)
	if err != nil {
		return nil, err
	}
	d.Title = "derived cell"
	name := map[CellKind]string{CellNormal: "normal", CellReduce: "reduction"}[cell]
	return Split{Title: fmt.Sprintf("DARTS search, %s cell after epoch %d", name, rec.Epoch+1), Panels: []Figure{Cell(d), heat},
		Weights: []float64{1.8, 1}, Gap: 14, Style: PrintStyle}, nil
}

// SearchGIF writes an animated GIF of a search, a SearchFrame per epoch of history.
func SearchGIF(w io.Writer, history []record.Alphas, opt GIFOptions) error {
	opt = opt.withDefaults()
	if len(history) == 0 {
		return errEmptyHistory
	}
	mats, err := CellHistory(history, opt.Cell)
	if err != nil {
		return err
	}
	if err := checkHistory(mats); err != nil {
		return err
	}
	vmax := 0.0
	for _, m := range mats {
		for _, row := range m.Weights {
			for _, v := range row {
				vmax = math.Max(vmax, v)
			}
		}
	}
	vmax = math.Ceil(vmax*10-1e-9) / 10
	q := newQuantizer()
	anim := &gif.GIF{}
	for i, rec := range history {
		f, err := SearchFrame(rec, opt.Cell, vmax)
		if err != nil {
			return fmt.Errorf("viz: GIF frame of epoch %d: %w", rec.Epoch+1, err)
		}
		img, err := renderImage(f, opt.Width, opt.Height, opt.DPI)
		if err != nil {
			return err
		}
		anim.Image = append(anim.Image, q.paletted(img))
		delay := int(opt.Delay / (10 * time.Millisecond))
		if i == len(history)-1 {
			delay = 300
		}
		anim.Delay = append(anim.Delay, delay)
	}
	if err := gif.EncodeAll(w, anim); err != nil {
		return fmt.Errorf("viz: encoding GIF: %w", err)
	}
	return nil
}

// SaveSearchGIF writes the SearchGIF of the run directory runDir to path.
func SaveSearchGIF(runDir, path string, opt GIFOptions) error {
	history, err := ReadAlphas(runDir)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := SearchGIF(&buf, history, opt); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	return nil
}

func renderImage(f Figure, widthIn, heightIn float64, dpi int) (image.Image, error) {
	if err := checkSize(f, widthIn, heightIn); err != nil {
		return nil, err
	}
	if dpi <= 0 {
		return nil, fmt.Errorf("viz: dpi %d, want > 0", dpi)
	}
	c := vgimg.NewWith(vgimg.UseWH(inches(widthIn), inches(heightIn)), vgimg.UseDPI(dpi))
	f.Draw(withMargin(draw.New(c)))
	return c.Image(), nil
}

// quantizer maps rendered frames onto one fixed palette built from the colours the figures use:
// white, a grey ramp (text and its anti-aliasing), the heatmap ramp, and every op colour and
// node fill blended with white at several strengths (anti-aliased lines over the background).
// Nearest-colour mapping without dithering keeps text and thin lines crisp, which Floyd–Steinberg
// over a generic palette would speckle; a fixed palette also keeps colours steady across frames.
type quantizer struct {
	palette color.Palette
	cache   map[color.RGBA]uint8
}

func newQuantizer() *quantizer {
	var p color.Palette
	add := func(c color.RGBA) { p = append(p, c) }
	for i := range 24 {
		v := uint8(255 * i / 23)
		add(color.RGBA{v, v, v, 0xFF})
	}
	for k := range 40 {
		add(heatColor(float64(k)/39, 1))
	}
	var keys []color.RGBA
	for f := FamilyNone; f <= FamilyActivation; f++ {
		keys = append(keys, familyColor[f], shade(familyColor[f], 1), shade(familyColor[f], 2), darken(familyColor[f], 0.8))
	}
	keys = append(keys, nodeFill[NodeInput], nodeFill[NodeInner], nodeFill[NodeOutput], keptShade)
	for _, c := range keys {
		for _, keep := range []float64{1, 0.7, 0.45, 0.22} {
			if len(p) < 256 {
				add(tint(c, keep))
			}
		}
	}
	return &quantizer{palette: p, cache: map[color.RGBA]uint8{}}
}

func (q *quantizer) paletted(img image.Image) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, q.palette)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := q.cache[c]
			if !ok {
				i = uint8(q.palette.Index(c))
				q.cache[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	return out
}
