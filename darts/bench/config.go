package bench

import (
	"io"
	"time"
)

// Backend configurations compared by OpTable.
const (
	// StockBackend is the baseline: GoMLX's pure-Go kernels inside our backend, which only
	// supplies the ops the pure-Go backend lacks (Pad, Reverse, SelectAndScatter).
	StockBackend = "darts-cpu:stock-kernels"
	// OursBackend is our CPU backend with its native kernels.
	OursBackend = "darts-cpu"
)

// OpBenchConfig controls OpTable. The zero value is usable: every field has a default.
type OpBenchConfig struct {
	// Runs is the most timed calls per op and backend (default 20).
	Runs int
	// MinTime stops the timed calls once they add up to at least this much (default 3 s), so a
	// slow op is timed a few times rather than Runs times. At least one call is always timed.
	MinTime time.Duration
	// Warmup is how many untimed calls precede the timed ones (default 1; the first compiles the
	// graph). Further warm-up calls are skipped once one took longer than MinTime: for the
	// stock cell step (minutes) one is plenty.
	Warmup int
	// StockCell also times the search-cell step on the stock backend, which takes minutes per
	// call; when false that cell of the table is reported as skipped.
	StockCell bool
	// Ops limits the table to these op names (see OpNames); nil means all.
	Ops []string
	// Stock and Ours are the GoMLX backend configurations compared (defaults StockBackend and
	// OursBackend). Stock "-" skips the baseline altogether.
	Stock, Ours string
	// Progress, when not nil, receives a line per finished measurement: the table can take
	// minutes and this shows it is moving.
	Progress io.Writer
}

func (c OpBenchConfig) withDefaults() OpBenchConfig {
	if c.Runs <= 0 {
		c.Runs = 20
	}
	if c.MinTime <= 0 {
		c.MinTime = 3 * time.Second
	}
	if c.Warmup <= 0 {
		c.Warmup = 1
	}
	if c.Stock == "" {
		c.Stock = StockBackend
	}
	if c.Ours == "" {
		c.Ours = OursBackend
	}
	return c
}
