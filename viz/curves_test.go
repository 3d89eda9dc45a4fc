package viz

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// lossCurve is a noisy decreasing curve of n points and its moving average.
func lossCurve(n int) []Series {
	x, y := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = float64(i)
		y[i] = 2.3*math.Exp(-float64(i)/60) + 0.1 + 0.15*math.Sin(float64(i)*1.7)
	}
	return []Series{
		{Name: "batch loss", X: x, Y: y, Faint: true},
		{Name: "moving average (20)", X: x, Y: MovingAverage(y, 20)},
	}
}

func TestPNGSizeAndContent(t *testing.T) {
	p, err := Curves("Loss", "step", "cross-entropy", lossCurve(300)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		w, h   float64
		dpi    int
		pw, ph int
	}{{6, 3.5, 100, 600, 350}, {6.4, 4.8, 150, 960, 720}, {3, 2, 300, 900, 600}} {
		data, err := PNG(p, tc.w, tc.h, tc.dpi)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%gx%g@%d: PNG does not decode: %v", tc.w, tc.h, tc.dpi, err)
		}
		if b := img.Bounds(); b.Dx() != tc.pw || b.Dy() != tc.ph {
			t.Errorf("%gx%g in at %d dpi: %dx%d pixels, want %dx%d", tc.w, tc.h, tc.dpi, b.Dx(), b.Dy(), tc.pw, tc.ph)
		}
		colours, inked := census(img)
		if colours < 10 || inked < 0.02 {
			t.Errorf("%gx%g@%d: %d distinct colours, %.1f%% non-white pixels: looks blank", tc.w, tc.h, tc.dpi, colours, 100*inked)
		}
	}
	// The smoothed series is drawn in the palette's second colour, exactly, somewhere.
	data, _ := PNG(p, 6, 3.5, 100)
	img, _ := png.Decode(bytes.NewReader(data))
	if !contains(img, OkabeIto[1]) {
		t.Errorf("no pixel of the second series' colour %v", OkabeIto[1])
	}
}

// census counts the distinct colours of img and the share of pixels that are not white.
func census(img image.Image) (colours int, inked float64) {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			seen[c] = true
			if c != (color.RGBA{255, 255, 255, 255}) {
				n++
			}
		}
	}
	return len(seen), float64(n) / float64(b.Dx()*b.Dy())
}

func contains(img image.Image, want color.Color) bool {
	w := color.RGBAModel.Convert(want)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == w {
				return true
			}
		}
	}
	return false
}

func TestSaveFormats(t *testing.T) {
	p, err := Curves("Loss", "step", "loss", lossCurve(50)...)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for ext, magic := range map[string]string{
		".png": "\x89PNG\r\n\x1a\n",
		".svg": "<?xml",
		".pdf": "%PDF-",
		".PDF": "%PDF-",
	} {
		path := filepath.Join(dir, "fig"+ext)
		if err := Save(p, path, 4, 3); err != nil {
			t.Fatalf("Save %s: %v", ext, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s starts %q, want %q", ext, data[:min(len(data), 16)], magic)
		}
		if ext == ".svg" && !bytes.Contains(data, []byte("<svg")) {
			t.Errorf("SVG has no <svg element")
		}
	}
	// PNG files from Save are at DefaultDPI.
	f, _ := os.Open(filepath.Join(dir, "fig.png"))
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 4*DefaultDPI || cfg.Height != 3*DefaultDPI {
		t.Errorf("saved PNG %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, 4*DefaultDPI, 3*DefaultDPI)
	}
	for name, save := range map[string]func(string) error{
		"SavePNG": func(p2 string) error { return SavePNG(p, p2, 2, 2, 72) },
		"SaveSVG": func(p2 string) error { return SaveSVG(p, p2, 2, 2) },
		"SavePDF": func(p2 string) error { return SavePDF(p, p2, 2, 2) },
	} {
		if err := save(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestErrors(t *testing.T) {
	good := lossCurve(5)[1]
	for _, tc := range []struct {
		name   string
		series []Series
		want   string
	}{
		{"none", nil, `viz: Curves "T": no series`},
		{"empty", []Series{good, {Name: "val"}}, `series 1 "val": no points`},
		{"lengths", []Series{{Name: "a", X: []float64{1, 2, 3}, Y: []float64{1, 2}}}, `series 0 "a": 3 x values but 2 y values`},
		{"NaN", []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1, math.NaN()}}}, `series 0 "a": y[1] is NaN`},
		{"Inf", []Series{{Name: "a", X: []float64{math.Inf(1), 2}, Y: []float64{1, 2}}}, `series 0 "a": x[0] is +Inf`},
	} {
		_, err := Curves("T", "x", "y", tc.series...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	noPalette := PrintStyle
	noPalette.Palette = nil
	if _, err := noPalette.Curves("T", "x", "y", good); err == nil || !strings.Contains(err.Error(), "empty palette") {
		t.Errorf("empty palette: %v", err)
	}

	p, _ := Curves("T", "x", "y", good)
	expect := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", what, err, want)
		}
	}
	_, err := PNG(p, 0, 3, 100)
	expect("zero width", err, "figure size 0×3 inches")
	_, err = PNG(p, 3, 3, 0)
	expect("zero dpi", err, "dpi 0")
	_, err = SVG(nil, 3, 3)
	expect("nil plot", err, "nil plot")
	_, err = PDF(p, 3, math.NaN())
	expect("NaN height", err, "figure size 3×NaN")
	dir := t.TempDir()
	expect("bad extension", Save(p, filepath.Join(dir, "fig.gif"), 3, 3), `unknown extension ".gif", want .png, .svg or .pdf`)
	bad := filepath.Join(dir, "bad.png")
	expect("bad size on save", SavePNG(p, bad, -1, 3, 100), "writing "+bad)
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a failed SavePNG left %s behind", bad)
	}
	expect("missing folder", Save(p, filepath.Join(dir, "no", "fig.svg"), 3, 3), "no such file or directory")

	// Outside a notebook the display helpers still check their arguments.
	if err := DisplayPNG(p, 6, 3.5); err != nil {
		t.Errorf("DisplayPNG outside a notebook: %v", err)
	}
	expect("DisplaySVG bad size", DisplaySVG(p, 6, 0), "figure size")
}

func TestLegendPlacement(t *testing.T) {
	loss := lossCurve(100)
	if p, _ := Curves("loss", "x", "y", loss...); !p.Legend.Top {
		t.Errorf("a falling curve should have its legend at the top")
	}
	rising := Series{X: loss[1].X, Y: make([]float64, len(loss[1].Y))}
	for i, v := range loss[1].Y {
		rising.Y[i] = 1 - v/3
	}
	if p, _ := Curves("accuracy", "x", "y", rising); p.Legend.Top {
		t.Errorf("a rising curve should have its legend at the bottom")
	}
}

// TestLegendCoversNoLine: drawn, a chart's legend sits in a corner where it hides no line, or
// outside the data area when every corner is taken (eight lines zigzagging corner to corner).
func TestLegendCoversNoLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var wander, zigzag []Series
	for i, op := range genotype.CNNPrimitives {
		sr, zz := Series{Name: op}, Series{Name: op}
		v := 0.125
		for e := 1; e <= 6; e++ {
			v += 0.006 * rng.NormFloat64()
			sr.X, sr.Y = append(sr.X, float64(e)), append(sr.Y, v)
			zz.X, zz.Y = append(zz.X, float64(e)), append(zz.Y, float64((e+i)%2)+0.01*float64(i))
		}
		wander, zigzag = append(wander, sr), append(zigzag, zz)
	}
	// Two lines ending high, so the first guess (bottom right) is free.
	rise := Series{Name: "rising", X: []float64{0, 1, 2, 3}, Y: []float64{0, 1, 2, 3}}
	flat := Series{Name: "flat at the top", X: []float64{0, 3}, Y: []float64{3, 3}}
	for _, tc := range []struct {
		name    string
		series  []Series
		outside bool
	}{{"one falling curve", lossCurve(50)[1:], false}, {"rising and flat", []Series{rise, flat}, false},
		{"eight ops wandering around 1/8", wander, false}, {"eight zigzags", zigzag, true}} {
		ch, err := Curves(tc.name, "epoch", "y", tc.series...)
		if err != nil {
			t.Fatal(err)
		}
		c := draw.New(vgimg.New(7*vg.Inch, 4.5*vg.Inch))
		ch.Draw(c)
		if ch.outside != tc.outside {
			t.Errorf("%s: legend outside = %v, want %v", tc.name, ch.outside, tc.outside)
		}
		if !ch.outside && ch.legendCovers(c) {
			t.Errorf("%s: the legend (top %v, left %v) covers a line", tc.name, ch.Legend.Top, ch.Legend.Left)
		}
	}
}

func TestMovingAverage(t *testing.T) {
	y := []float64{4, 2, 6, 0, 8, 4}
	for _, tc := range []struct {
		window int
		want   []float64
	}{
		{1, y},
		{0, y},
		{3, []float64{3, 4, 8.0 / 3, 14.0 / 3, 4, 6}},
		{2, []float64{3, 4, 8.0 / 3, 14.0 / 3, 4, 6}}, // rounded up to 3
		{5, []float64{4, 3, 4, 4, 4.5, 4}},
		{100, []float64{4, 4, 4, 4, 4, 4}},
	} {
		if got := MovingAverage(y, tc.window); !nearly(got, tc.want) {
			t.Errorf("window %d: got %v, want %v", tc.window, got, tc.want)
		}
	}
	if got := MovingAverage(nil, 3); len(got) != 0 {
		t.Errorf("empty input: %v", got)
	}
	// Away from the ends a straight line is its own centred average: no lag.
	line := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	if got := MovingAverage(line, 5); !nearly(got[2:8], line[2:8]) {
		t.Errorf("a line moved: %v", got)
	}
}

func nearly(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func TestFaint(t *testing.T) {
	if got := Faint(color.Black); got != (color.RGBA{166, 166, 166, 255}) {
		t.Errorf("Faint(black) = %v", got)
	}
	if got := Faint(color.White); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("Faint(white) = %v", got)
	}
}

// TestWriteSample writes the sample figure for a look when VIZ_SAMPLE names a folder.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("VIZ_SAMPLE")
	if dir == "" {
		t.Skip("set VIZ_SAMPLE=<folder> to write sample figures")
	}
	p, err := Curves("Tiny conv net on MNIST", "step", "cross-entropy loss", lossCurve(300)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"curves.png", "curves.svg", "curves.pdf"} {
		if err := Save(p, filepath.Join(dir, name), 6, 3.5); err != nil {
			t.Fatal(err)
		}
	}
	if err := SavePNG(p, filepath.Join(dir, "curves_display.png"), 6, 3.5, DisplayDPI); err != nil {
		t.Fatal(err)
	}
	for name, f := range allFigures(t) {
		if err := SavePNG(f, filepath.Join(dir, name+".png"), 8, 4.5, DisplayDPI); err != nil {
			t.Fatal(err)
		}
	}
}
