package main

import (
	"flag"
	"strconv"
	"time"
)

// flagLimit is the smallest value a count or size flag accepts.
type flagLimit struct {
	min       float64
	exclusive bool // min itself is refused too (for sizes in inches or times)
	want      string
}

// flagLimits holds every count and size flag of every command, by name: checkFlagLimits refuses
// a value out of range for whichever command defines the flag, so a nonsense count (-epochs 0,
// -steps-per-epoch -5, -batch -1, -dpi 0) is a usage error rather than a run that does nothing,
// runs forever, or uses a default instead. A command's own checks (-order, -mode, ...) come
// after.
var flagLimits = map[string]flagLimit{
	"epochs":            {1, false, "at least 1"},
	"steps-per-epoch":   {0, false, "0 (the default length) or more"},
	"test-batch":        {1, false, "at least 1"},
	"batch":             {1, false, "at least 1"},
	"layers":            {1, false, "at least 1"},
	"channels":          {1, false, "at least 1"},
	"classes":           {2, false, "at least 2"},
	"samples":           {1, false, "at least 1"},
	"random":            {0, false, "0 or more"},
	"repeats":           {1, false, "at least 1"},
	"steps":             {1, false, "at least 1"},
	"warmup":            {0, false, "0 or more"},
	"runs":              {1, false, "at least 1"},
	"hidden":            {1, false, "at least 1"},
	"nhid":              {1, false, "at least 1"},
	"emsize":            {1, false, "at least 1"},
	"decay-period":      {1, false, "at least 1"},
	"max-seq-len-delta": {1, false, "at least 1"},
	"vocab":             {2, false, "at least 2"},
	"bptt":              {1, false, "at least 1"},
	"nonmono":           {1, false, "at least 1"},
	"cutout":            {0, false, "0 (none) or more"},
	"image":             {1, false, "at least 1"},
	"multiplier":        {1, false, "at least 1"},
	"dpi":               {1, false, "at least 1"},
	"width":             {0, true, "more than 0 (inches)"},
	"height":            {0, true, "more than 0 (inches)"},
	"min-time":          {0, true, "more than 0"},
	"arch-warmup":       {0, false, "0 or more"},
	"partial-channels":  {0, false, "0 (all channels) or more"},
	"hessian-every":     {0, false, "0 (never) or more"},
	"hessian-iters":     {0, false, "0 (the default) or more"},
	"hessian-batches":   {0, false, "0 (the default) or more"},
	"hessian-eps":       {0, false, "0 (the default) or more"},
	"early-stop":        {0, false, "0 (never) or more"},
}

// checkFlagLimits checks the flags given on the command line against flagLimits.
func checkFlagLimits(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		lim, ok := flagLimits[f.Name]
		if !ok || err != nil {
			return
		}
		var v float64
		given := f.Value.String()
		switch g := f.Value.(flag.Getter).Get().(type) {
		case int:
			v = float64(g)
		case int64:
			v = float64(g)
		case float64:
			// Plain decimals, as typed: flag's %g would print -1000000 as -1e+06.
			v, given = g, strconv.FormatFloat(g, 'f', -1, 64)
		case time.Duration:
			v = g.Seconds()
		default:
			return
		}
		if v < lim.min || (lim.exclusive && v == lim.min) || v != v {
			err = usagef("-%s %s: want %s", f.Name, given, lim.want)
		}
	})
	return err
}
