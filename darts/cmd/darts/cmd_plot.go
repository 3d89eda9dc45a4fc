package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/viz"
)

// plotKinds are the figures of 'darts plot', each with what it reads.
var plotKinds = []struct{ name, help string }{
	{"cell", "cell diagram of -genotype (a built-in name, a file or genotype text; default: -run's genotype.json); -cell normal|reduce|recurrent|both"},
	{"alphas", "softmax(α) heatmap of -run's alphas.jsonl at -epoch (from 1, as the search prints epochs; default: the last)"},
	{"alphas-time", "softmax(α) of every edge over the epochs of -run; -cell normal|reduce"},
	{"curves", "loss and accuracy (or perplexity) of one or more -run (repeat the flag, or separate with commas)"},
	{"progress", "error against search epoch (-x epoch) or search time (-x cost) from -points progress.jsonl ('darts progress'), the random cells as a band; or against search cost from -points CSV (run,cost,error)"},
	{"compare", "two genotypes side by side: -genotype and -genotype2"},
	{"gif", "animated GIF of -run's search, one frame per epoch; -cell normal|reduce"},
}

// listFlag collects a flag given several times, or once with commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// runPlot draws one figure and writes it to -out, in the format its extension names (.png, .svg,
// .pdf, .dot for cells; .gif for the animation), or in all of them when -out has no extension.
func runPlot(args []string, stdout, stderr io.Writer) error {
	kind := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		kind, args = args[0], args[1:]
	}
	fs := newFlagSet("plot", stderr)
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		writePlotKinds(fs.Output())
	}
	var runs listFlag
	fs.Var(&runs, "run", "run directory (metrics.jsonl, alphas.jsonl, genotype.json); curves takes several")
	geno := fs.String("genotype", "", "genotype: built-in name (DARTS_V2, ...), file, or text")
	geno2 := fs.String("genotype2", "", "second genotype, for compare")
	cell := fs.String("cell", "", "normal, reduce, recurrent (cell), or both (cell, the default)")
	epoch := fs.Int("epoch", 0, "epoch of the alphas heatmap, from 1 as the search prints it (default: the last)")
	points := fs.String("points", "", "progress: progress.jsonl of 'darts progress', or a CSV of run,cost,error rows")
	costLabel := fs.String("cost", "search cost (GPU hours)", "x-axis label of progress (progress.jsonl: replaces the default of -x)")
	xAxis := fs.String("x", "epoch", "progress.jsonl: x axis, epoch or cost (the search's wall time: minutes, hours or days by its size), or minutes, hours, days")
	errLabel := fs.String("error", "test error (%)", "y-axis label of progress")
	out := fs.String("out", "", "output file: .png, .svg, .pdf, .dot (cells: graphviz) or no extension for all of them (.gif for gif)")
	width := fs.Float64("width", 0, "width in inches (default: per figure)")
	height := fs.Float64("height", 0, "height in inches (default: per figure)")
	dpi := fs.Int("dpi", viz.DefaultDPI, "resolution of PNG and GIF output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	costSet := false
	fs.Visit(func(f *flag.Flag) { costSet = costSet || f.Name == "cost" })
	if kind == "" {
		return usagef("which figure? one of %s", kindNames())
	}
	if *out == "" {
		return usagef("-out FILE is required")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if kind == "gif" {
		if ext != ".gif" {
			return usagef("gif writes a .gif file, not %q", ext)
		}
		if len(runs) != 1 {
			return usagef("gif needs one -run DIR")
		}
		gw, gh := *width, *height
		if gw == 0 || gh == 0 { // the figure's default size is not known here: take a large one
			gw, gh = 12, 12
		}
		if err := checkMemory(fmt.Sprintf("a %g×%g inch GIF at %d dpi", gw, gh, *dpi), imageMemory(gw, gh, *dpi)); err != nil {
			return err
		}
		return viz.SaveSearchGIF(runs[0], *out, viz.GIFOptions{Cell: viz.CellKind(*cell), Width: *width, Height: *height, DPI: *dpi})
	}
	if ext != "" && ext != ".png" && ext != ".svg" && ext != ".pdf" && ext != ".dot" {
		return usagef("-out %s: unknown extension %q, want .png, .svg, .pdf, .dot (cells) or none (all of them)", *out, ext)
	}
	fig, w, h, err := plotFigure(kind, plotInputs{runs: runs, geno: *geno, geno2: *geno2, cell: *cell, epoch: *epoch,
		points: *points, costLabel: *costLabel, costSet: costSet, xAxis: *xAxis, errLabel: *errLabel})
	if err != nil {
		return err
	}
	if *width > 0 {
		w = *width
	}
	if *height > 0 {
		h = *height
	}
	if ext == "" || ext == ".png" {
		if err := checkMemory(fmt.Sprintf("a %g×%g inch PNG at %d dpi", w, h, *dpi), imageMemory(w, h, *dpi)); err != nil {
			return err
		}
	}
	return writePlot(stdout, fig, *out, w, h, *dpi)
}

// writePlot writes fig to out in the format its extension names; without an extension, as
// out.png, out.svg and out.pdf, and out.dot when the figure draws cells.
func writePlot(stdout io.Writer, fig viz.Figure, out string, w, h float64, dpi int) error {
	paths := []string{out}
	if filepath.Ext(out) == "" {
		paths = []string{out + ".png", out + ".svg", out + ".pdf"}
		if len(viz.Diagrams(fig)) > 0 {
			paths = append(paths, out+".dot")
		}
	}
	for _, path := range paths {
		var err error
		if strings.ToLower(filepath.Ext(path)) == ".dot" {
			diagrams := viz.Diagrams(fig)
			if len(diagrams) == 0 {
				return usagef("-out %s: only cell figures (cell, compare) have a graphviz form", path)
			}
			err = os.WriteFile(path, []byte(viz.DOT(diagrams...)), 0o644)
		} else {
			err = viz.SaveAt(fig, path, w, h, dpi)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", path)
	}
	return nil
}

type plotInputs struct {
	runs                        []string
	geno, geno2, cell           string
	epoch                       int
	points, costLabel, errLabel string
	costSet                     bool   // -cost given: it labels a progress.jsonl's x axis too
	xAxis                       string // progress.jsonl's x axis (viz.ProgressX)
}

// plotFigure builds the figure of kind and its default size in inches.
func plotFigure(kind string, in plotInputs) (viz.Figure, float64, float64, error) {
	oneRun := func() (string, error) {
		if len(in.runs) != 1 {
			return "", usagef("%s needs one -run DIR", kind)
		}
		return in.runs[0], nil
	}
	switch kind {
	case "cell":
		return plotCell(in)
	case "alphas":
		dir, err := oneRun()
		if err != nil {
			return nil, 0, 0, err
		}
		history, err := viz.ReadAlphas(dir)
		if err != nil {
			return nil, 0, 0, err
		}
		rec := history[len(history)-1]
		if in.epoch != 0 { // epochs count from 1, as the search prints them (records from 0)
			found := false
			for _, r := range history {
				if r.Epoch+1 == in.epoch {
					rec, found = r, true
				}
			}
			if !found {
				return nil, 0, 0, fmt.Errorf("%s has no epoch %d (epochs %d..%d)", dir, in.epoch, history[0].Epoch+1, history[len(history)-1].Epoch+1)
			}
		}
		f, err := viz.AlphaHeatmap(rec)
		return f, 9, 5, err
	case "alphas-time":
		dir, err := oneRun()
		if err != nil {
			return nil, 0, 0, err
		}
		history, err := viz.ReadAlphas(dir)
		if err != nil {
			return nil, 0, 0, err
		}
		c := viz.CellNormal
		if in.cell != "" {
			c = viz.CellKind(in.cell)
		}
		f, err := viz.AlphasOverTime(history, c)
		return f, 10, 7, err
	case "curves":
		if len(in.runs) == 0 {
			return nil, 0, 0, usagef("curves needs at least one -run DIR")
		}
		var runs []viz.RunMetrics
		for _, dir := range in.runs {
			m, err := viz.ReadMetrics(dir)
			if err != nil {
				return nil, 0, 0, err
			}
			runs = append(runs, m)
		}
		f, err := viz.LearningCurves(runs...)
		return f, 10, 4, err
	case "progress":
		if in.points == "" {
			return nil, 0, 0, usagef("progress needs -points FILE (progress.jsonl of 'darts progress', or CSV: run,cost,error)")
		}
		switch viz.ProgressX(in.xAxis) {
		case viz.ProgressEpoch, viz.ProgressCost, viz.ProgressMinutes, viz.ProgressHours, viz.ProgressDays:
		default:
			return nil, 0, 0, usagef("-x %q, want epoch, cost, minutes, hours or days", in.xAxis)
		}
		if strings.HasSuffix(in.points, ".jsonl") {
			label := ""
			if in.costSet {
				label = in.costLabel
			}
			f, err := viz.ProgressFileBy(in.points, viz.ProgressX(in.xAxis), label)
			return f, 7, 4.5, err
		}
		if in.xAxis != "epoch" {
			return nil, 0, 0, usagef("-x %s: a CSV of points gives its own cost; -x is for progress.jsonl", in.xAxis)
		}
		pts, err := readProgressCSV(in.points)
		if err != nil {
			return nil, 0, 0, err
		}
		f, err := viz.SearchProgress(pts, in.costLabel, in.errLabel)
		return f, 6, 4, err
	case "compare":
		if in.geno == "" || in.geno2 == "" {
			return nil, 0, 0, usagef("compare needs -genotype and -genotype2")
		}
		a, err := resolveGenotype(in.geno)
		if err != nil {
			return nil, 0, 0, err
		}
		b, err := resolveGenotype(in.geno2)
		if err != nil {
			return nil, 0, 0, err
		}
		f, err := viz.CompareGenotypes(a, b, genotypeName(in.geno), genotypeName(in.geno2))
		return f, 12, 6.5, err
	}
	return nil, 0, 0, usagef("unknown figure %q, want one of %s", kind, kindNames())
}

func plotCell(in plotInputs) (viz.Figure, float64, float64, error) {
	if in.cell == "recurrent" {
		if in.geno == "" {
			return nil, 0, 0, usagef("cell -cell recurrent needs -genotype")
		}
		r, err := resolveRecurrent(in.geno)
		if err != nil {
			return nil, 0, 0, err
		}
		d, err := viz.RecurrentCell(r)
		if err != nil {
			return nil, 0, 0, err
		}
		return viz.Cell(d), 9, 4, nil
	}
	src := in.geno
	if src == "" {
		if len(in.runs) != 1 {
			return nil, 0, 0, usagef("cell needs -genotype G or one -run DIR")
		}
		src = filepath.Join(in.runs[0], "genotype.json")
		if _, err := os.Stat(src); err != nil { // not genotype text: say what is missing
			if _, dirErr := os.Stat(in.runs[0]); dirErr != nil {
				return nil, 0, 0, fmt.Errorf("-run %s: %w", in.runs[0], dirErr)
			}
			return nil, 0, 0, fmt.Errorf("-run %s: no genotype.json (a search writes it after its first epoch)", in.runs[0])
		}
	}
	g, err := resolveGenotype(src)
	if err != nil {
		return nil, 0, 0, err
	}
	normal, err := viz.NormalCell(g)
	if err != nil {
		return nil, 0, 0, err
	}
	reduce, err := viz.ReduceCell(g)
	if err != nil {
		return nil, 0, 0, err
	}
	// 8 inches wide, or wider where a long chain of nodes would shrink its labels (-width overrides).
	switch in.cell {
	case "normal":
		return viz.Cell(normal), viz.Cell(normal).Width(8, 3.5), 3.5, nil
	case "reduce":
		return viz.Cell(reduce), viz.Cell(reduce).Width(8, 3.5), 3.5, nil
	case "", "both":
		w := max(viz.Cell(normal).Width(8, 3.4), viz.Cell(reduce).Width(8, 3.4)) // each half of 7 inches, less the gap
		return viz.Split{Vertical: true, Panels: []viz.Figure{viz.Cell(normal), viz.Cell(reduce)}, Gap: 10, Style: viz.PrintStyle}, w, 7, nil
	}
	return nil, 0, 0, usagef("-cell %q, want normal, reduce, recurrent or both", in.cell)
}

// resolveGenotype reads a built-in name, a file, or genotype text.
func resolveGenotype(src string) (genotype.Genotype, error) {
	if g, err := genotype.Lookup(src); err == nil {
		return g, nil
	}
	if _, err := os.Stat(src); err == nil {
		return genotype.Load(src)
	}
	return genotype.Parse(src)
}

func resolveRecurrent(src string) (genotype.Recurrent, error) {
	if r, err := genotype.LookupRecurrent(src); err == nil {
		return r, nil
	}
	if _, err := os.Stat(src); err == nil {
		return genotype.LoadRecurrent(src)
	}
	return genotype.ParseRecurrent(src)
}

// genotypeName is a short legend name: a built-in's name, a file's or run's base name.
func genotypeName(src string) string {
	if _, err := genotype.Lookup(src); err == nil {
		return src
	}
	if _, err := os.Stat(src); err == nil {
		if filepath.Base(src) == "genotype.json" || filepath.Base(src) == "genotype.txt" {
			return filepath.Base(filepath.Dir(src))
		}
		return filepath.Base(src)
	}
	return "genotype"
}

func readProgressCSV(path string) ([]viz.ProgressPoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 3
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var pts []viz.ProgressPoint
	for i, row := range rows {
		cost, err1 := strconv.ParseFloat(strings.TrimSpace(row[1]), 64)
		e, err2 := strconv.ParseFloat(strings.TrimSpace(row[2]), 64)
		if err1 != nil || err2 != nil {
			if i == 0 { // a header line
				continue
			}
			return nil, fmt.Errorf("%s line %d: want run,cost,error with numbers, got %q", path, i+1, strings.Join(row, ","))
		}
		pts = append(pts, viz.ProgressPoint{Run: strings.TrimSpace(row[0]), Cost: cost, Error: e})
	}
	return pts, nil
}

func kindNames() string {
	var names []string
	for _, k := range plotKinds {
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}

func writePlotKinds(w io.Writer) {
	fmt.Fprintln(w, "\nFigures:")
	for _, k := range plotKinds {
		fmt.Fprintf(w, "  %-12s %s\n", k.name, k.help)
	}
}
