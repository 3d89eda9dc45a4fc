package bench

import (
	"fmt"

	_ "github.com/dartsml/godarts/darts/backend" // registers darts-cpu
	"github.com/gomlx/gomlx/backends"
)

// OpRow is one op's measurements.
type OpRow struct {
	Op           string
	Stock        Timing // the baseline; zero when StockSkipped
	StockSkipped bool   // the baseline was not timed (the slow cell step without StockCell)
	Ours         Timing
	// FLOPs is the convolution work of one call (multiply-adds ×2 of the forward pass and both
	// gradients); 0 for ops without convolutions.
	FLOPs float64
	// Depthwise marks rows with depthwise convolutions, whose stock filter gradients are wrong
	// (GoMLX's pure-Go batch-grouped convolution bug): same work, so the timing stands.
	Depthwise bool
}

// SpeedUp is the stock median over ours; 0 when either is missing.
func (r OpRow) SpeedUp() float64 {
	if r.StockSkipped || r.Stock.Median <= 0 || r.Ours.Median <= 0 {
		return 0
	}
	return float64(r.Stock.Median) / float64(r.Ours.Median)
}

// GFLOPS is the convolution throughput of our backend at its median; 0 when not a conv op.
func (r OpRow) GFLOPS() float64 {
	if r.FLOPs == 0 || r.Ours.Median <= 0 {
		return 0
	}
	return r.FLOPs / r.Ours.Median.Seconds() / 1e9
}

// OpTable times every selected op on the stock and our backend (see the package documentation)
// and returns the rows in table order. It stops at the first failure.
func OpTable(cfg OpBenchConfig) ([]OpRow, error) {
	cfg = cfg.withDefaults()
	specs, err := selectOps(cfg.Ops)
	if err != nil {
		return nil, err
	}
	ours, err := backends.NewWithConfig(cfg.Ours)
	if err != nil {
		return nil, fmt.Errorf("bench: backend %q: %w", cfg.Ours, err)
	}
	defer ours.Finalize()
	var stock backends.Backend
	if cfg.Stock != "-" {
		if stock, err = backends.NewWithConfig(cfg.Stock); err != nil {
			return nil, fmt.Errorf("bench: backend %q: %w", cfg.Stock, err)
		}
		defer stock.Finalize()
	}
	rows := make([]OpRow, 0, len(specs))
	for _, spec := range specs {
		row := OpRow{Op: spec.name, FLOPs: spec.flops, Depthwise: spec.depthwise}
		if row.Ours, err = timeOp(ours, spec, cfg); err != nil {
			return rows, err
		}
		cfg.progress("%-20s %-24s %10.3f ms (%d runs)", spec.name, cfg.Ours, ms(row.Ours.Median), row.Ours.Runs)
		row.StockSkipped = stock == nil || (spec.slowStock && !cfg.StockCell)
		if !row.StockSkipped {
			if row.Stock, err = timeOp(stock, spec, cfg); err != nil {
				return rows, err
			}
			cfg.progress("%-20s %-24s %10.3f ms (%d runs)", spec.name, cfg.Stock, ms(row.Stock.Median), row.Stock.Runs)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (c OpBenchConfig) progress(format string, args ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, format+"\n", args...)
	}
}
