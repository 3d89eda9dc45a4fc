package viz

import (
	"fmt"
	"slices"
)

// ProgressPoint is one evaluation of a search in progress: after Cost (GPU hours or epochs) of
// search, the cell derived so far reached Error (test error in %, or perplexity) when trained
// from scratch. Evaluations come later than the search, so callers fill these in by hand.
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
