package viz

import (
	"bytes"
	"fmt"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/record"
)

// allFigures builds one of every figure from built-in genotypes and synthetic data.
func allFigures(t *testing.T) map[string]Figure {
	t.Helper()
	g, _ := genotype.Lookup("DARTS_V2")
	g1, _ := genotype.Lookup("DARTS_V1")
	r, _ := genotype.LookupRecurrent("DARTS")
	history := SyntheticHistory(8, 3)
	must := func(f Figure, err error) Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	normal, err := NormalCell(g)
	if err != nil {
		t.Fatal(err)
	}
	rnn, err := RecurrentCell(r)
	if err != nil {
		t.Fatal(err)
	}
	recurrentAlphas := AlphaMatrix{Cell: CellRecurrent, Primitives: genotype.RNNPrimitives}
	for i := range 36 {
		row := []float64{0.1, 0.2, 0.3, 0.2, 0.2}
		row[1+i%4] += 0.1
		row[0] -= 0.1
		recurrentAlphas.Weights = append(recurrentAlphas.Weights, row)
	}
	return map[string]Figure{
		"cell":        Cell(normal),
		"recurrent":   Cell(rnn),
		"heatmap":     must(AlphaHeatmap(history[7])),
		"heatmap-rnn": must(PrintStyle.AlphaHeatmapOf(HeatmapOptions{}, recurrentAlphas)),
		"alphas-time": must(AlphasOverTime(history, CellReduce)),
		"curves":      must(LearningCurves(RunMetrics{Name: "a", Records: SyntheticMetrics(10, 1)}, RunMetrics{Name: "b", Records: SyntheticMetrics(10, 2)})),
		"progress":    must(SearchProgress([]ProgressPoint{{"first order", 0.5, 3.4}, {"first order", 1, 3.0}, {"second order", 1, 3.1}, {"second order", 4, 2.8}}, "GPU days", "test error (%)")),
		"compare":     must(CompareGenotypes(g1, g, "first order", "second order")),
		"frame":       must(SearchFrame(history[3], CellNormal, 0.6)),
		"openstep":    must(OpenStepFigure(syntheticOpenStep())),
	}
}

// syntheticOpenStep is an opened step with made-up gradients (14 edges × 8 ops per cell).
func syntheticOpenStep() *record.OpenStep {
	mat := func(f func(i, j int) float64) [][]float64 {
		m := make([][]float64, 14)
		for i := range m {
			m[i] = make([]float64, 8)
			for j := range m[i] {
				m[i][j] = f(i, j)
			}
		}
		return m
	}
	first := func(i, j int) float64 { return 0.01 * float64((i*7+j*3)%11-5) }
	implicit := func(i, j int) float64 { return 0.004 * float64((i*5+j)%7-3) }
	second := func(i, j int) float64 { return first(i, j) + implicit(i, j) }
	alpha := func(i, j int) float64 { return 1e-3 * float64((i+j)%5-2) }
	after := func(i, j int) float64 { return alpha(i, j) - 0.03*second(i, j)/(math.Abs(second(i, j))+0.01) }
	pair := func(f func(i, j int) float64) record.CellPair { return record.CellPair{Normal: mat(f), Reduce: mat(f)} }
	return &record.OpenStep{Order: 2, Xi: 0.025, Radius: 1e-3, VNorm: 10,
		AlphaBefore: pair(alpha), AlphaAfter: pair(after), First: pair(first), Implicit: pair(implicit), Second: pair(second)}
}

func TestEveryFigureInEveryFormat(t *testing.T) {
	for name, f := range allFigures(t) {
		for _, size := range []struct {
			w, h float64
			dpi  int
		}{{6, 4, 100}, {3.5, 2.5, 200}} {
			data, err := PNG(f, size.w, size.h, size.dpi)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: PNG does not decode: %v", name, err)
			}
			wantW, wantH := int(size.w*float64(size.dpi)+0.5), int(size.h*float64(size.dpi)+0.5)
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("%s: %dx%d pixels, want %dx%d", name, b.Dx(), b.Dy(), wantW, wantH)
			}
			if colours, inked := census(img); colours < 20 || inked < 0.01 {
				t.Errorf("%s: %d colours, %.2f%% inked: looks blank", name, colours, 100*inked)
			}
		}
		svg, err := SVG(f, 6, 4)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !(bytes.HasPrefix(svg, []byte("<?xml")) || bytes.HasPrefix(svg, []byte("<svg"))) ||
			!bytes.Contains(svg, []byte(`<svg width="432pt" height="288pt"`)) {
			t.Errorf("%s: SVG starts %q", name, svg[:min(120, len(svg))])
		}
		if n := bytes.Count(svg, []byte("<path")) + bytes.Count(svg, []byte("<text")); n < 20 {
			t.Errorf("%s: SVG has only %d paths and texts", name, n)
		}
		pdf, err := PDF(f, 6, 4)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || !bytes.Contains(pdf, []byte("/MediaBox [0 0 432.00 288.00]")) {
			t.Errorf("%s: PDF starts %q, size box missing", name, pdf[:min(16, len(pdf))])
		}
	}
}

func TestSaveAtWritesEachFormat(t *testing.T) {
	f := allFigures(t)["heatmap"]
	dir := t.TempDir()
	for _, ext := range []string{"png", "svg", "pdf"} {
		path := filepath.Join(dir, "heat."+ext)
		if err := SaveAt(f, path, 4, 3, 120); err != nil {
			t.Fatal(err)
		}
	}
	file, _ := os.Open(filepath.Join(dir, "heat.png"))
	defer file.Close()
	if cfg, err := png.DecodeConfig(file); err != nil || cfg.Width != 480 || cfg.Height != 360 {
		t.Errorf("PNG at 120 dpi: %+v %v, want 480x360", cfg, err)
	}
}

func TestSearchGIF(t *testing.T) {
	history := SyntheticHistory(5, 1)
	var buf bytes.Buffer
	if err := SearchGIF(&buf, history, GIFOptions{Width: 6, Height: 2.5, DPI: 60}); err != nil {
		t.Fatal(err)
	}
	anim, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatalf("GIF does not decode: %v", err)
	}
	if len(anim.Image) != 5 || anim.Config.Width != 360 || anim.Config.Height != 150 {
		t.Errorf("%d frames of %dx%d, want 5 of 360x150", len(anim.Image), anim.Config.Width, anim.Config.Height)
	}
	last := anim.Image[len(anim.Image)-1]
	if colours, inked := census(last); colours < 10 || inked < 0.02 {
		t.Errorf("last frame: %d colours, %.1f%% inked", colours, 100*inked)
	}
	// The op colours survive quantisation exactly: the palette holds them.
	if !contains(last, familyColor[FamilySkip]) {
		t.Errorf("no pixel of the skip_connect colour in the last frame")
	}

	dir := t.TempDir()
	if err := WriteSyntheticRun(dir, 3, 1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "search.gif")
	if err := SaveSearchGIF(dir, out, GIFOptions{Width: 4, Height: 2, DPI: 50}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(out); !bytes.HasPrefix(data, []byte("GIF89a")) {
		t.Errorf("%s is not a GIF", out)
	}
}

func TestRunDirectoryReaders(t *testing.T) {
	dir := t.TempDir()
	if err := WriteSyntheticRun(dir, 6, 2); err != nil {
		t.Fatal(err)
	}
	history, err := ReadAlphas(dir)
	if err != nil || len(history) != 6 {
		t.Fatalf("ReadAlphas: %d records, %v", len(history), err)
	}
	m, err := ReadMetrics(dir)
	if err != nil || len(m.Records) != 6 || m.Name != filepath.Base(dir) || m.TrainPPL != nil {
		t.Fatalf("ReadMetrics: %+v, %v", m, err)
	}
	if g, _ := genotype.Load(filepath.Join(dir, "genotype.json")); g.String() != m.Records[5].Genotype {
		t.Errorf("genotype.json %v, last metrics record %s", g, m.Records[5].Genotype)
	}
	// The files number the epochs from 1 (config.json's epoch_base), the readers from 0.
	for i := range 6 {
		if history[i].Epoch != i || m.Records[i].Epoch != i {
			t.Errorf("record %d read as epochs %d and %d, want %d", i, history[i].Epoch, m.Records[i].Epoch, i)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "alphas.jsonl")); !bytes.HasPrefix(b, []byte(`{"epoch":1,`)) {
		t.Errorf("alphas.jsonl starts %.20q, want epoch 1", b)
	}
	// A run written before epoch_base (darts/search's fixture) reads as stored: epochs 0 and 1.
	old := filepath.Join("..", "darts", "search", "testdata", "old_run")
	if h, err := ReadAlphas(old); err != nil || len(h) != 2 || h[0].Epoch != 0 || h[1].Epoch != 1 {
		t.Errorf("old run's alphas: %d records, %v", len(h), err)
	}
	if m, err := ReadMetrics(old); err != nil || len(m.Records) != 2 || m.Records[0].Epoch != 0 || m.Records[1].Epoch != 1 {
		t.Errorf("old run's metrics: %+v, %v", m.Records, err)
	}
	// Perplexity appears when every record has it.
	lm := t.TempDir()
	os.WriteFile(filepath.Join(lm, "metrics.jsonl"), []byte(
		`{"epoch":0,"train_loss":5,"val_loss":5.2,"train_ppl":148.4,"val_ppl":181.3}`+"\n"+
			`{"epoch":1,"train_loss":4.6,"val_loss":4.9,"train_ppl":99.5,"val_ppl":134.3}`+"\n"), 0o644)
	m, err = ReadMetrics(lm)
	if err != nil || len(m.ValPPL) != 2 || m.ValPPL[1] != 134.3 {
		t.Fatalf("perplexity: %+v %v", m, err)
	}
	f, err := LearningCurves(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(f, 6, 3, 50); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAlphas(lm); err == nil || !strings.Contains(err.Error(), "alphas.jsonl") {
		t.Errorf("missing alphas.jsonl: %v", err)
	}
}

func TestBadAlphas(t *testing.T) {
	good := SyntheticHistory(3, 1)
	expect := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", what, err, want)
		}
	}
	_, err := AlphasOverTime(nil, CellNormal)
	expect("empty history", err, "empty α history")
	var buf bytes.Buffer
	expect("empty GIF", SearchGIF(&buf, nil, GIFOptions{}), "empty α history")
	_, err = AlphasOverTime(good, "sideways")
	expect("bad cell", err, `not "sideways"`)

	ragged := clone(good)
	ragged[1].Normal[4] = ragged[1].Normal[4][:5]
	_, err = AlphasOverTime(ragged, CellNormal)
	expect("ragged rows", err, "row 4 has 5 weights, want 8")
	_, err = AlphaHeatmap(ragged[1])
	expect("ragged heatmap", err, "ragged rows")

	unknown := clone(good)
	unknown[0].Primitives = append([]string{}, unknown[0].Primitives...)
	unknown[0].Primitives[2] = "conv_9x9"
	_, err = AlphaHeatmap(unknown[0])
	expect("unknown op", err, `unknown op "conv_9x9"`)

	rows := clone(good)
	rows[2].Reduce = rows[2].Reduce[:13]
	_, err = AlphasOverTime(rows, CellReduce)
	expect("row count", err, "13 rows; a CNN cell of n nodes has n(n+3)/2 edges")

	notProb := clone(good)
	notProb[0].Normal[0][0] = 3
	_, err = AlphaHeatmap(notProb[0])
	expect("logits instead of softmax", err, "want a softmax weight in [0, 1]")

	_, err = LearningCurves()
	expect("no runs", err, "no runs")
	_, err = LearningCurves(RunMetrics{Name: "x"})
	expect("no epochs", err, `run "x" has no epochs`)
	_, err = SearchProgress(nil, "x", "y")
	expect("no points", err, "no points")
	_, err = StyleOf("conv_9x9")
	expect("StyleOf", err, "known: none, max_pool_3x3")
}

func clone(h []record.Alphas) []record.Alphas {
	out := make([]record.Alphas, len(h))
	for i, r := range h {
		out[i] = r
		out[i].Normal, out[i].Reduce = cloneRows(r.Normal), cloneRows(r.Reduce)
	}
	return out
}

func cloneRows(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i := range m {
		out[i] = append([]float64(nil), m[i]...)
	}
	return out
}

// TestOpStyles: every op of the search spaces has a style, and no two ops of one space look alike.
func TestOpStyles(t *testing.T) {
	for _, space := range [][]string{genotype.CNNPrimitives, genotype.RNNPrimitives} {
		seen := map[string]string{}
		for _, op := range space {
			st, err := StyleOf(op)
			if err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprint(st.Color, st.Dashes)
			if other, ok := seen[key]; ok {
				t.Errorf("%s and %s are drawn alike", op, other)
			}
			seen[key] = op
		}
	}
	// Members of one family differ in colour (RGB distance) and in lightness (greyscale), not
	// only by dash.
	lum := func(c color.RGBA) float64 { return luminance(c) }
	for _, fam := range [][]string{{"sep_conv_3x3", "sep_conv_5x5", "sep_conv_7x7"}, {"dil_conv_3x3", "dil_conv_5x5"},
		{"max_pool_3x3", "avg_pool_3x3"}, {"tanh", "relu", "sigmoid"}} {
		for i := range fam {
			for j := range i {
				a, _ := StyleOf(fam[i])
				b, _ := StyleOf(fam[j])
				dr, dg, db := float64(a.Color.R)-float64(b.Color.R), float64(a.Color.G)-float64(b.Color.G), float64(a.Color.B)-float64(b.Color.B)
				if d, dl := math.Sqrt(dr*dr+dg*dg+db*db), math.Abs(lum(a.Color)-lum(b.Color)); d < 80 || dl < 0.12 {
					t.Errorf("%s %v and %s %v: colour distance %.0f, lightness difference %.2f: too alike", fam[i], a.Color, fam[j], b.Color, d, dl)
				}
			}
		}
	}
}

func TestExportAndFindRuns(t *testing.T) {
	root := t.TempDir()
	if got := FindRuns(root, filepath.Join(root, "missing")); len(got) != 0 {
		t.Errorf("empty root: %v", got)
	}
	a, b := filepath.Join(root, "a"), filepath.Join(root, "group", "b")
	for _, d := range []string{a, b} {
		if err := WriteSyntheticRun(d, 2, 1); err != nil {
			t.Fatal(err)
		}
	}
	// A recurrent search's run (alphas.jsonl with "recurrent" rows), written last, is not a CNN run.
	rnnRun := filepath.Join(root, "ptb")
	if err := os.MkdirAll(rnnRun, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rnnRun, "alphas.jsonl"), []byte(`{"epoch":0,"primitives":["none"],"recurrent":[[1]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := FindRuns(root); len(got) != 2 || got[0] != b {
		t.Errorf("FindRuns = %v, want [%s %s]", got, b, a)
	}
	paths, err := Export(allFigures(t)["progress"], filepath.Join(root, "figs"), "progress", 4, 3, 72)
	if err != nil || len(paths) != 3 {
		t.Fatalf("Export: %v %v", paths, err)
	}
	DisplayGIF([]byte("GIF89a")) // outside a notebook: nothing
}

// TestEpochsCountFromOne: figures number epochs as the search prints them ("epoch 10/10" for
// the last record, whose Epoch field is 9).
func TestEpochsCountFromOne(t *testing.T) {
	history := SyntheticHistory(10, 3)
	f, err := AlphaHeatmap(history[9])
	if err != nil {
		t.Fatal(err)
	}
	if title := f.(heatmapFigure).title; title != "softmax(α) after epoch 10" {
		t.Errorf("heatmap title %q", title)
	}
	frame, err := SearchFrame(history[0], CellNormal, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if title := frame.(Split).Title; title != "DARTS search, normal cell after epoch 1" {
		t.Errorf("frame title %q", title)
	}
}

// TestNothingCutAtTheEdge: no figure draws up to the edge of its canvas, where a tick label or
// a legend would be cut (the last x tick label of α over time's right-most panel was).
func TestNothingCutAtTheEdge(t *testing.T) {
	for name, f := range allFigures(t) {
		for _, size := range []struct{ w, h float64 }{{6, 4}, {10, 7}} {
			data, err := PNG(f, size.w, size.h, 100)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			inked := 0
			for x := b.Min.X; x < b.Max.X; x++ {
				for _, y := range []int{b.Min.Y, b.Max.Y - 1} {
					if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xE000 {
						inked++
					}
				}
			}
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for _, x := range []int{b.Min.X, b.Max.X - 1} {
					if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xE000 {
						inked++
					}
				}
			}
			if inked > 0 {
				t.Errorf("%s at %g×%g in: %d pixels drawn on the canvas's border", name, size.w, size.h, inked)
			}
		}
	}
}
