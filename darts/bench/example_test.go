package bench_test

import (
	"fmt"
	"os"
	"time"

	"github.com/dartsml/godarts/darts/bench"
)

// Time two cheap ops on our backend only (Stock "-"), briefly, and print the table. Timings vary
// from run to run, so this example is compiled but not checked.
func ExampleOpTable() {
	rows, err := bench.OpTable(bench.OpBenchConfig{
		Ops:     []string{"conv_3x3", "max_pool_3x3"},
		Stock:   "-",
		Runs:    5,
		MinTime: 200 * time.Millisecond,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	bench.WriteTable(os.Stdout, rows)
}

// WriteTable lines the columns up and adds the footnotes the rows need.
func ExampleWriteTable() {
	rows := []bench.OpRow{
		{Op: "conv_3x3", Stock: bench.Timing{Median: 1012 * time.Millisecond, Runs: 3},
			Ours: bench.Timing{Median: 7500 * time.Microsecond, Runs: 20}, FLOPs: 226492416},
		{Op: "max_pool_3x3", Stock: bench.Timing{Median: 40 * time.Millisecond, Runs: 20},
			Ours: bench.Timing{Median: 20 * time.Millisecond, Runs: 20}},
	}
	bench.WriteTable(os.Stdout, rows)
	// Output:
	// op            stock ms  ours ms  speed-up  GFLOP/s ours  runs stock/ours
	// conv_3x3          1012     7.50    134.9x          30.2             3/20
	// max_pool_3x3      40.0     20.0      2.0x             -            20/20
	//
	// ms: median per forward+backward call (gradients w.r.t. input and weights of sum(y·r)), after warm-up.
	// GFLOP/s: convolution multiply-adds x2 of the forward pass and both gradients, at our median; - for ops without convolutions.
}
