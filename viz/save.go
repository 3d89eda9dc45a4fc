package viz

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DefaultDPI is the resolution of PNGs written by Save: sharp on screens and acceptable in print
// (use SavePNG with 300 for journals).
const DefaultDPI = 150

// PNG renders p (a *plot.Plot or any other Figure) as a PNG of widthIn×heightIn inches at dpi dots per inch, i.e.
// round(widthIn·dpi)×round(heightIn·dpi) pixels.
func PNG(p Figure, widthIn, heightIn float64, dpi int) ([]byte, error) {
	if err := checkSize(p, widthIn, heightIn); err != nil {
		return nil, err
	}
	if dpi <= 0 {
		return nil, fmt.Errorf("viz: PNG: dpi %d, want > 0", dpi)
	}
	c := vgimg.NewWith(vgimg.UseWH(inches(widthIn), inches(heightIn)), vgimg.UseDPI(dpi))
	p.Draw(withMargin(draw.New(c)))
	return encode(vgimg.PngCanvas{Canvas: c})
}

// SVG renders p as an SVG document of widthIn×heightIn inches. Fonts are referenced by name, not
// embedded (an embedded font adds ~400 KB); viewers without Liberation Sans substitute a
// metrically equal Arial/Helvetica.
func SVG(p Figure, widthIn, heightIn float64) ([]byte, error) {
	if err := checkSize(p, widthIn, heightIn); err != nil {
		return nil, err
	}
	c := vgsvg.New(inches(widthIn), inches(heightIn))
	p.Draw(withMargin(draw.New(c)))
	return encode(c)
}

// PDF renders p as a one-page PDF of widthIn×heightIn inches with its fonts embedded.
func PDF(p Figure, widthIn, heightIn float64) ([]byte, error) {
	if err := checkSize(p, widthIn, heightIn); err != nil {
		return nil, err
	}
	c := vgpdf.New(inches(widthIn), inches(heightIn))
	p.Draw(withMargin(draw.New(c)))
	return encode(c)
}

// SavePNG writes PNG(p, widthIn, heightIn, dpi) to path.
func SavePNG(p Figure, path string, widthIn, heightIn float64, dpi int) error {
	return write(path, func() ([]byte, error) { return PNG(p, widthIn, heightIn, dpi) })
}

// SaveSVG writes SVG(p, widthIn, heightIn) to path.
func SaveSVG(p Figure, path string, widthIn, heightIn float64) error {
	return write(path, func() ([]byte, error) { return SVG(p, widthIn, heightIn) })
}

// SavePDF writes PDF(p, widthIn, heightIn) to path.
func SavePDF(p Figure, path string, widthIn, heightIn float64) error {
	return write(path, func() ([]byte, error) { return PDF(p, widthIn, heightIn) })
}

// Save writes p to path in the format its extension names: .png (at DefaultDPI), .svg or .pdf.
func Save(p Figure, path string, widthIn, heightIn float64) error {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		return SavePNG(p, path, widthIn, heightIn, DefaultDPI)
	case ".svg":
		return SaveSVG(p, path, widthIn, heightIn)
	case ".pdf":
		return SavePDF(p, path, widthIn, heightIn)
	default:
		return fmt.Errorf("viz: Save %s: unknown extension %q, want .png, .svg or .pdf", path, ext)
	}
}

func inches(v float64) vg.Length { return vg.Length(v) * vg.Inch }

// checkSize catches what the canvases would panic on.
func checkSize(p Figure, widthIn, heightIn float64) error {
	if isNil(p) {
		return fmt.Errorf("viz: nil plot")
	}
	if !(widthIn > 0 && heightIn > 0) || bad(widthIn) || bad(heightIn) {
		return fmt.Errorf("viz: figure size %g×%g inches, want both > 0", widthIn, heightIn)
	}
	return nil
}

func encode(w io.WriterTo) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("viz: encoding: %w", err)
	}
	return buf.Bytes(), nil
}

// write renders first, so a failed rendering leaves no empty file behind.
func write(path string, render func() ([]byte, error)) error {
	data, err := render()
	if err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	return nil
}

// SaveAt writes p to path in the format its extension names, a PNG at dpi dots per inch (the
// vector formats have no resolution).
func SaveAt(p Figure, path string, widthIn, heightIn float64, dpi int) error {
	if strings.ToLower(filepath.Ext(path)) == ".png" {
		return SavePNG(p, path, widthIn, heightIn, dpi)
	}
	return Save(p, path, widthIn, heightIn)
}

// figureMargin is the blank border of every rendered figure: gonum draws axis labels flush with
// the canvas's edge, where a viewer's frame or a cropped print cuts them.
const figureMargin = 4

func withMargin(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, figureMargin, -figureMargin, figureMargin, -figureMargin)
}
