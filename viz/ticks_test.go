package viz

import (
	"reflect"
	"strconv"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tick := range (niceTicks{Target: 6}).Ticks(lo, hi) {
			if tick.Label != "" {
				out = append(out, tick.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 299, []string{"0", "50", "100", "150", "200", "250"}},
		{0.02, 2.51, []string{"0.5", "1.0", "1.5", "2.0", "2.5"}},
		{-1, 1, []string{"-1.0", "-0.5", "0.0", "0.5", "1.0"}}, // a plain "0.0", never "-0.0"
		{0.9, 0.98, []string{"0.90", "0.92", "0.94", "0.96", "0.98"}},
		{0, 12000, []string{"0", "2000", "4000", "6000", "8000", "10000", "12000"}},
	} {
		got := labels(tc.lo, tc.hi)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("[%g, %g]: labels %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
	// A degenerate range gets one tick instead of a loop or a division by zero.
	if got := labels(1, 1); !reflect.DeepEqual(got, []string{"1"}) {
		t.Errorf("one-point range: %v", got)
	}
}

// TestNiceTicksInteger: an integer axis (epochs 1..4) has whole-number ticks only, labelled
// without decimals; a longer one keeps its nice steps, minor ticks at whole units.
func TestNiceTicksInteger(t *testing.T) {
	for _, tc := range []struct {
		lo, hi      float64
		labels, all []float64
	}{
		{1, 4, []float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}},
		{1, 10, []float64{2, 4, 6, 8, 10}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	} {
		var labels, all []float64
		for _, tick := range (niceTicks{Target: 6, Integer: true}).Ticks(tc.lo, tc.hi) {
			all = append(all, tick.Value)
			if tick.Label != "" {
				labels = append(labels, tick.Value)
				if tick.Label != strconv.Itoa(int(tick.Value)) {
					t.Errorf("[%g, %g]: label %q at %g", tc.lo, tc.hi, tick.Label, tick.Value)
				}
			}
		}
		if !reflect.DeepEqual(labels, tc.labels) || !reflect.DeepEqual(all, tc.all) {
			t.Errorf("[%g, %g]: labelled %v of ticks %v, want %v of %v", tc.lo, tc.hi, labels, all, tc.labels, tc.all)
		}
	}
	c, err := Curves("t", "epoch", "acc", Series{Name: "a", X: []float64{1, 2, 3, 4}, Y: []float64{1, 2, 3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	if tk, ok := c.X.Tick.Marker.(niceTicks); !ok || !tk.Integer {
		t.Errorf("Curves of whole x: ticker %#v, want integer ticks", c.X.Tick.Marker)
	}
}
