package viz

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks places about Target labelled ticks at multiples of 1, 2 or 5 × 10^k, labelled with
// as few decimals as the step needs, and unlabelled minor ticks between them. gonum's default
// labels only two or three ticks and prints every label with the same, often needless, decimals
// ("0.00", "250.00"). Integer axes (epochs) get steps and minor ticks of whole units only: no
// "1.5" epoch.
type niceTicks struct {
	Target  int
	Integer bool
}

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || bad(lo) || bad(hi) {
		// gonum widens an empty axis range before asking, so this is only a guard.
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	step, minorPerStep := niceStep((hi - lo) / float64(max(t.Target, 1)))
	if t.Integer {
		step = math.Max(step, 1)
		if m := step / float64(minorPerStep); m != math.Trunc(m) || step == 1 {
			minorPerStep = int(step) // 1 or 2: minor ticks at whole units
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	minor := step / float64(minorPerStep)
	var ticks []plot.Tick
	// Walk in units of minor ticks from an integer index, so values do not accumulate rounding.
	for i := math.Ceil(lo/minor - 1e-9); i*minor <= hi+minor*1e-9; i++ {
		v := i * minor
		tick := plot.Tick{Value: v}
		if math.Mod(i, float64(minorPerStep)) == 0 {
			if v == 0 {
				v = 0 // never "-0"
			}
			tick.Label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ticks = append(ticks, tick)
	}
	return ticks
}

// niceStep returns the smallest 1, 2 or 5 × 10^k at least raw, and how many minor intervals
// divide it evenly.
func niceStep(raw float64) (step float64, minorPerStep int) {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []struct {
		mult  float64
		minor int
	}{{1, 5}, {2, 4}, {5, 5}, {10, 5}} {
		if step = m.mult * mag; step >= raw*(1-1e-9) {
			return step, m.minor
		}
	}
	return 10 * mag, 5
}
