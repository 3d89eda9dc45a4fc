package viz

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/dartsml/godarts/darts/run"
	"gonum.org/v1/plot/vg"
)

// ProgressPoint is one evaluation of a search in progress: after Cost (GPU hours or epochs) of
// search, the cell derived so far reached Error (error in %, or perplexity) when trained from
// scratch. `darts progress` (train.Progress) measures them from a search's run folder.
type ProgressPoint struct {
	Run   string
	Cost  float64
	Error float64
}

// SearchProgress draws the paper's Figure 3: the derived cell's test error against search cost,
// one line with markers per run, runs in the order they first appear.
func SearchProgress(points []ProgressPoint, costLabel, errorLabel string) (Figure, error) {
	return PrintStyle.SearchProgress(points, costLabel, errorLabel)
}

// SearchProgress is the package's SearchProgress in style s.
func (s Style) SearchProgress(points []ProgressPoint, costLabel, errorLabel string) (Figure, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("viz: SearchProgress: no points")
	}
	var order []string
	byRun := map[string][]ProgressPoint{}
	for _, p := range points {
		if _, ok := byRun[p.Run]; !ok {
			order = append(order, p.Run)
		}
		byRun[p.Run] = append(byRun[p.Run], p)
	}
	var series []Series
	for _, name := range order {
		pts := slices.Clone(byRun[name])
		slices.SortStableFunc(pts, func(a, b ProgressPoint) int {
			switch {
			case a.Cost < b.Cost:
				return -1
			case a.Cost > b.Cost:
				return 1
			}
			return 0
		})
		sr := Series{Name: name, Points: true}
		for _, p := range pts {
			sr.X, sr.Y = append(sr.X, p.Cost), append(sr.Y, p.Error)
		}
		series = append(series, sr)
	}
	p, err := s.Curves("Search progress", costLabel, errorLabel, series...)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ProgressFigure is the paper's Figure 3 from measured points: each search's error against the
// search epoch it was derived after (X), a line with markers per search, and the random cells
// trained the same way as a band, their mean ± standard deviation, across the x range. note, if
// not empty, is added to the title (the training budget, quick mode).
func ProgressFigure(points []ProgressPoint, baseline []float64, xLabel, yLabel, note string) (Figure, error) {
	return PrintStyle.ProgressFigure(points, baseline, xLabel, yLabel, note)
}

// ProgressFigure is the package's ProgressFigure in style s.
func (s Style) ProgressFigure(points []ProgressPoint, baseline []float64, xLabel, yLabel, note string) (Figure, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("viz: ProgressFigure: no search points")
	}
	var order []string
	byRun := map[string][]ProgressPoint{}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range points {
		if _, ok := byRun[p.Run]; !ok {
			order = append(order, p.Run)
		}
		byRun[p.Run] = append(byRun[p.Run], p)
		lo, hi = math.Min(lo, p.Cost), math.Max(hi, p.Cost)
	}
	var series []Series
	for i, name := range order {
		pts := slices.Clone(byRun[name])
		slices.SortStableFunc(pts, func(a, b ProgressPoint) int { return cmpFloat(a.Cost, b.Cost) })
		sr := Series{Name: name, Points: true, Color: s.Color(i)}
		for _, p := range pts {
			sr.X, sr.Y = append(sr.X, p.Cost), append(sr.Y, p.Error)
		}
		series = append(series, sr)
	}
	if len(baseline) > 0 {
		mean, std := meanStd(baseline)
		if hi == lo {
			lo, hi = lo-0.5, hi+0.5
		}
		series = append(series, Series{Name: fmt.Sprintf("random cells (mean ± std of %d)", len(baseline)),
			X: []float64{lo, hi}, Y: []float64{mean, mean}, Lower: []float64{mean - std, mean - std},
			Upper: []float64{mean + std, mean + std}, Color: s.Color(6), Dashes: []vg.Length{5, 3}})
	}
	title := "Search progress"
	if note != "" {
		title += " (" + note + ")"
	}
	return s.Curves(title, xLabel, yLabel, series...)
}

func meanStd(v []float64) (mean, std float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) > 1 {
		for _, x := range v {
			std += (x - mean) * (x - mean)
		}
		std = math.Sqrt(std / float64(len(v)-1))
	}
	return mean, std
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// progressLine is the part of a progress.jsonl record (train.ProgressRecord) a figure needs.
type progressLine struct {
	Search   string  `json:"search"`
	Order    int     `json:"order"`
	Epoch    int     `json:"epoch"`
	ValError float64 `json:"val_error"`
	Budget   string  `json:"budget"`
}

// ProgressFile draws a progress.jsonl written by `darts progress` (train.Progress): each
// search's validation error against the search epoch its cell was derived after, the random
// cells as a mean ± std band, the brief trainings' budget in the title.
func ProgressFile(path string) (Figure, error) {
	var pts []ProgressPoint
	var baseline []float64
	budget := ""
	err := run.ReadLines(path, func(line []byte) error {
		var r progressLine
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		budget = r.Budget
		if r.Search == "random" {
			baseline = append(baseline, r.ValError)
			return nil
		}
		pts = append(pts, ProgressPoint{Run: fmt.Sprintf("%s (order %d)", r.Search, r.Order), Cost: float64(r.Epoch), Error: r.ValError})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("viz: %s has no search points (only random cells, or nothing)", path)
	}
	note := ""
	if budget != "" {
		note = "brief trainings: " + budget
	}
	return ProgressFigure(pts, baseline, "search epoch", "validation error after a brief training (%)", note)
}
