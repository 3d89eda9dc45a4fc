package main

import (
	"bytes"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/viz"
)

func TestPlotEveryFigure(t *testing.T) {
	dir := t.TempDir()
	runDir := filepath.Join(dir, "run")
	if err := viz.WriteSyntheticRun(runDir, 4, 1); err != nil {
		t.Fatal(err)
	}
	points := writeTemp(t, "progress.csv", "run,cost,error\nfirst order,0.5,3.4\nfirst order,1.5,3.0\nsecond order,1,3.2\nsecond order,4,2.8\n")
	out := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		args  []string
		magic string
	}{
		{[]string{"cell", "-genotype", "DARTS_V2", "-cell", "normal", "-out", out("cell.png"), "-width", "5", "-height", "2", "-dpi", "80"}, "\x89PNG"},
		{[]string{"cell", "-run", runDir, "-out", out("run_cell.svg")}, "<?xml"},
		{[]string{"cell", "-genotype", "DARTS", "-cell", "recurrent", "-out", out("rnn.pdf")}, "%PDF"},
		{[]string{"alphas", "-run", runDir, "-epoch", "2", "-out", out("alphas.pdf")}, "%PDF"},
		{[]string{"alphas-time", "-run", runDir, "-cell", "reduce", "-out", out("time.svg")}, "<?xml"},
		{[]string{"curves", "-run", runDir + "," + runDir, "-out", out("curves.png"), "-dpi", "50"}, "\x89PNG"},
		{[]string{"progress", "-points", points, "-cost", "GPU days", "-out", out("progress.svg")}, "<?xml"},
		{[]string{"compare", "-genotype", "DARTS_V1", "-genotype2", filepath.Join(runDir, "genotype.json"), "-out", out("compare.pdf")}, "%PDF"},
		{[]string{"gif", "-run", runDir, "-out", out("search.gif"), "-width", "6", "-height", "2.5", "-dpi", "40"}, "GIF89a"},
	} {
		code, _, errOut := call(append([]string{"plot"}, tc.args...)...)
		if code != 0 {
			t.Errorf("plot %v: exit %d, %s", tc.args, code, errOut)
			continue
		}
		path := tc.args[len(tc.args)-1]
		for i, a := range tc.args {
			if a == "-out" {
				path = tc.args[i+1]
			}
		}
		data, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(data, []byte(tc.magic)) {
			t.Errorf("plot %s: %s starts %q (%v), want %q", tc.args[0], path, data[:min(8, len(data))], err, tc.magic)
		}
	}
	f, _ := os.Open(out("cell.png"))
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != 400 || cfg.Height != 160 {
		t.Errorf("cell.png %+v %v, want 400x160", cfg, err)
	}
	g, _ := os.Open(out("search.gif"))
	defer g.Close()
	if anim, err := gif.DecodeAll(g); err != nil || len(anim.Image) != 4 || anim.Config.Width != 240 {
		t.Errorf("search.gif: %v", err)
	}
}

func TestPlotErrors(t *testing.T) {
	dir := t.TempDir()
	runDir := filepath.Join(dir, "run")
	if err := viz.WriteSyntheticRun(runDir, 4, 1); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plot"}, 2, "which figure?"},
		{[]string{"plot", "pie", "-out", "x.png"}, 2, `unknown figure "pie"`},
		{[]string{"plot", "cell", "-genotype", "DARTS_V2"}, 2, "-out FILE is required"},
		{[]string{"plot", "cell", "-genotype", "DARTS_V2", "-out", "x.jpg"}, 2, `unknown extension ".jpg"`},
		{[]string{"plot", "gif", "-run", dir, "-out", "x.png"}, 2, "gif writes a .gif"},
		{[]string{"plot", "alphas", "-run", dir, "-out", filepath.Join(dir, "a.png")}, 1, "alphas.jsonl"},
		{[]string{"plot", "cell", "-genotype", "NOT_A_CELL", "-out", filepath.Join(dir, "c.png")}, 1, "genotype"},
		{[]string{"plot", "curves", "-out", filepath.Join(dir, "c.png")}, 2, "at least one -run"},
		{[]string{"plot", "alphas", "-run", runDir, "-epoch", "5", "-out", filepath.Join(dir, "a.png")}, 1, "no epoch 5 (epochs 1..4)"},
		// A run folder written before epoch_base numbers its epochs from 0 in its files: still 1..2.
		{[]string{"plot", "alphas", "-run", "../../search/testdata/old_run", "-epoch", "3", "-out", filepath.Join(dir, "a.png")}, 1, "no epoch 3 (epochs 1..2)"},
	} {
		code, _, errOut := call(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	code, out, _ := call("help", "plot")
	if code != 0 || !strings.Contains(out, "alphas-time") {
		t.Errorf("help plot: exit %d, %q", code, out)
	}
}

// TestPlotAllFormats: every figure, given -out without an extension, is written as PNG, SVG and
// PDF (and cells as graphviz too), each non-empty with its format's header.
func TestPlotAllFormats(t *testing.T) {
	dir := t.TempDir()
	runDir := filepath.Join(dir, "run")
	if err := viz.WriteSyntheticRun(runDir, 3, 1); err != nil {
		t.Fatal(err)
	}
	points := writeTemp(t, "progress.csv", "run,cost,error\nfirst order,0.5,3.4\nfirst order,1.5,3.0\n")
	var formatCases []string
	for _, tc := range []struct {
		kind string
		args []string
		dot  bool
	}{
		{"cell", []string{"-genotype", "DARTS_V2"}, true},
		{"compare", []string{"-genotype", "DARTS_V1", "-genotype2", "DARTS_V2"}, true},
		{"alphas", []string{"-run", runDir}, false},
		{"alphas-time", []string{"-run", runDir}, false},
		{"curves", []string{"-run", runDir}, false},
		{"progress", []string{"-points", points}, false},
	} {
		formatCases = append(formatCases, tc.kind)
		stem := filepath.Join(dir, tc.kind)
		args := append(append([]string{"plot", tc.kind}, tc.args...), "-out", stem, "-dpi", "40")
		if code, _, errOut := call(args...); code != 0 {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
			continue
		}
		headers := map[string]string{".png": "\x89PNG", ".svg": "<svg", ".pdf": "%PDF", ".dot": "digraph cells {"}
		for ext, head := range headers {
			data, err := os.ReadFile(stem + ext)
			if ext == ".dot" && !tc.dot {
				if err == nil {
					t.Errorf("%s: wrote %s.dot, but it draws no cells", tc.kind, stem)
				}
				continue
			}
			if err != nil || !bytes.Contains(data[:min(len(data), 200)], []byte(head)) {
				t.Errorf("%s%s: %v, starts %q, want %q", tc.kind, ext, err, data[:min(len(data), 12)], head)
			}
		}
	}
	// Every kind but the animation is covered above: a new kind must write all three formats.
	for _, k := range plotKinds {
		if k.name == "gif" {
			continue
		}
		if !slices.ContainsFunc(formatCases, func(c string) bool { return c == k.name }) {
			t.Errorf("plot %s: not checked for PNG, SVG and PDF", k.name)
		}
	}
	code, _, errOut := call("plot", "alphas", "-run", runDir, "-out", filepath.Join(dir, "a.dot"))
	if code != 2 || !strings.Contains(errOut, "only cell figures") {
		t.Errorf("alphas as .dot: exit %d, %q", code, errOut)
	}
}

// TestPlotProgressCost: -x cost puts a progress.jsonl's search time on the x axis (minutes for a
// short search), -cost relabels it; an unknown -x, and -x with a CSV, are usage errors.
func TestPlotProgressCost(t *testing.T) {
	points := writeTemp(t, "progress.jsonl", `{"search":"s","order":1,"epoch":1,"search_seconds":90,"genotype":"g","val_error":80,"budget":"b"}
{"search":"s","order":1,"epoch":2,"search_seconds":180,"genotype":"g","val_error":70,"budget":"b"}
{"search":"random","genotype":"g","val_error":75,"budget":"b"}
`)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-x", "cost"}, "search time (minutes, wall clock)"},
		{[]string{"-x", "days", "-cost", "search cost (GPU days)"}, "search cost (GPU days)"},
		{nil, "search epoch"},
	} {
		out := filepath.Join(dir, "p.svg")
		args := append(append([]string{"plot", "progress", "-points", points}, tc.args...), "-out", out)
		if code, _, errOut := call(args...); code != 0 {
			t.Fatalf("%v: exit %d, %s", tc.args, code, errOut)
		}
		if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), tc.want) {
			t.Errorf("%v: x axis not labelled %q (%v)", tc.args, tc.want, err)
		}
	}
	csv := writeTemp(t, "progress.csv", "run,cost,error\nfirst order,0.5,3.4\n")
	for _, args := range [][]string{{"-points", points, "-x", "weeks"}, {"-points", csv, "-x", "cost"}} {
		if code, _, errOut := call(append(append([]string{"plot", "progress"}, args...), "-out", filepath.Join(dir, "q.svg"))...); code != 2 || !strings.Contains(errOut, "-x") {
			t.Errorf("%v: exit %d, %q; want a usage error about -x", args, code, errOut)
		}
	}
}

// TestPlotCellWidens: without -width, a cell that fits keeps 8 inches and a 5-node chain gets
// the wider canvas at which its labels keep their size; -width still rules.
func TestPlotCellWidens(t *testing.T) {
	chain := "Genotype(normal=[('sep_conv_3x3', 1), ('dil_conv_3x3', 0), ('dil_conv_3x3', 2), ('sep_conv_5x5', 1), " +
		"('max_pool_3x3', 3), ('sep_conv_3x3', 2), ('dil_conv_5x5', 4), ('avg_pool_3x3', 3), ('sep_conv_7x7', 5), ('dil_conv_5x5', 4)], " +
		"normal_concat=range(2, 7), reduce=[('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 2), ('dil_conv_3x3', 1), " +
		"('sep_conv_3x3', 3), ('max_pool_3x3', 2), ('dil_conv_5x5', 4), ('sep_conv_5x5', 3), ('sep_conv_7x7', 5), ('dil_conv_5x5', 4)], reduce_concat=range(2, 7))"
	dir := t.TempDir()
	for _, tc := range []struct {
		args     []string
		min, max int // width in pixels at 10 dpi
	}{
		{[]string{"-genotype", "DARTS_V2"}, 80, 80},
		{[]string{"-genotype", chain}, 90, 160},
		{[]string{"-genotype", chain, "-cell", "normal"}, 90, 160},
		{[]string{"-genotype", chain, "-width", "8"}, 80, 80},
	} {
		out := filepath.Join(dir, "c.png")
		if code, _, errOut := call(append(append([]string{"plot", "cell"}, tc.args...), "-out", out, "-dpi", "10")...); code != 0 {
			t.Fatalf("%v: exit %d, %s", tc.args[1:], code, errOut)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width < tc.min || cfg.Width > tc.max {
			t.Errorf("%v: %d px wide (%v), want %d..%d", tc.args[2:], cfg.Width, err, tc.min, tc.max)
		}
	}
}
