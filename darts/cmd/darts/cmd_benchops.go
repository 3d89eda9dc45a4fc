package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/dartsml/godarts/darts/bench"
)

// runBenchOps prints bench.OpTable's table. Progress lines go to stderr as each measurement
// finishes: with -stock-cell the table takes several minutes.
func runBenchOps(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench-ops", stderr)
	stockCell := fs.Bool("stock-cell", false, "also time the search-cell step on the stock backend (minutes per call)")
	runs := fs.Int("runs", 20, "most timed calls per op and backend")
	minTime := fs.Duration("min-time", 3*time.Second, "stop timing an op once its calls add up to this")
	only := fs.String("ops", "", "comma-separated ops to time (default all): "+strings.Join(bench.OpNames(), ","))
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *runs < 1 {
		return usagef("-runs %d: want at least 1", *runs)
	}
	if *minTime <= 0 {
		return usagef("-min-time %v: want a positive duration", *minTime)
	}
	cfg := bench.OpBenchConfig{Runs: *runs, MinTime: *minTime, StockCell: *stockCell, Progress: stderr}
	if *only != "" {
		cfg.Ops = strings.Split(*only, ",")
		for _, op := range cfg.Ops {
			if !slices.Contains(bench.OpNames(), op) {
				return usagef("-ops: unknown op %q (known: %s)", op, strings.Join(bench.OpNames(), ", "))
			}
		}
	}
	// The machine may be shared: record the load around the run, since it shifts every number.
	fmt.Fprintf(stdout, "# %s vs %s; GOMAXPROCS=%d; load average at start: %s\n",
		bench.StockBackend, bench.OursBackend, runtime.GOMAXPROCS(0), loadAverage())
	rows, err := bench.OpTable(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# load average at end: %s\n", loadAverage())
	return bench.WriteTable(stdout, rows)
}

// loadAverage is the 1, 5 and 15-minute load averages (Linux), or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}
