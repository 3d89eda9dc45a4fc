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
	Search        string  `json:"search"`
	Order         int     `json:"order"`
	Epoch         int     `json:"epoch"`
	SearchSeconds float64 `json:"search_seconds"`
	ValError      float64 `json:"val_error"`
	Budget        string  `json:"budget"`
}

// ProgressX is the x axis of a figure of progress.jsonl: the search epoch, or the search's cost.
type ProgressX string

// The x axes of ProgressFileBy. The cost is the search's wall time up to the epoch
// (search_seconds): GPU time when the search ran on one GPU, as the paper's Figure 3.
const (
	ProgressEpoch   ProgressX = "epoch"   // the search epoch the cell was derived after
	ProgressCost    ProgressX = "cost"    // search time in minutes, hours or days, whichever reads best
	ProgressMinutes ProgressX = "minutes" // search time in minutes
	ProgressHours   ProgressX = "hours"   // search time in hours
	ProgressDays    ProgressX = "days"    // search time in days
)

// ProgressFile draws a progress.jsonl written by `darts progress` (train.Progress) against the
// search epoch: ProgressFileBy(path, ProgressEpoch, "").
func ProgressFile(path string) (Figure, error) { return ProgressFileBy(path, ProgressEpoch, "") }

// ProgressFileBy draws a progress.jsonl written by `darts progress` (train.Progress): each
// search's validation error against x (the search epoch its cell was derived after, or the
// search's time up to then), the random cells as a mean ± std band, the brief trainings' budget
// in the title. xLabel, if not empty, replaces the x axis's label (e.g. "search cost (GPU days)"
// with ProgressDays when the search ran on one GPU; the default says wall time, since
// progress.jsonl does not record the machine).
func ProgressFileBy(path string, x ProgressX, xLabel string) (Figure, error) {
	var lines []progressLine
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
		lines = append(lines, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("viz: %s has no search points (only random cells, or nothing)", path)
	}
	scale, label := 0.0, "search epoch"
	if x != ProgressEpoch {
		most := 0.0
		for _, r := range lines {
			if r.SearchSeconds <= 0 {
				return nil, fmt.Errorf("viz: %s: %s epoch %d has no search_seconds: its cost is unknown (plot it against the epoch)",
					path, r.Search, r.Epoch)
			}
			most = math.Max(most, r.SearchSeconds)
		}
		if scale, label, err = costUnit(x, most); err != nil {
			return nil, err
		}
	}
	if xLabel != "" {
		label = xLabel
	}
	pts := make([]ProgressPoint, len(lines))
	for i, r := range lines {
		cost := float64(r.Epoch)
		if scale > 0 {
			cost = r.SearchSeconds / scale
		}
		pts[i] = ProgressPoint{Run: fmt.Sprintf("%s (order %d)", r.Search, r.Order), Cost: cost, Error: r.ValError}
	}
	note := ""
	if budget != "" {
		note = "brief trainings: " + budget
	}
	return ProgressFigure(pts, baseline, label, "validation error after a brief training (%)", note)
}

// costUnit is the seconds per unit of x and its axis label; ProgressCost takes minutes up to two
// hours, hours up to two days, days beyond, by the largest cost, most seconds.
func costUnit(x ProgressX, most float64) (float64, string, error) {
	if x == ProgressCost {
		switch {
		case most < 2*3600:
			x = ProgressMinutes
		case most < 2*86400:
			x = ProgressHours
		default:
			x = ProgressDays
		}
	}
	switch x {
	case ProgressMinutes:
		return 60, "search time (minutes, wall clock)", nil
	case ProgressHours:
		return 3600, "search time (hours, wall clock)", nil
	case ProgressDays:
		return 86400, "search time (days, wall clock)", nil
	}
	return 0, "", fmt.Errorf("viz: progress x axis %q, want epoch, cost, minutes, hours or days", x)
}
