package bench

import (
	"fmt"
	"slices"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Timing is the outcome of timing one op on one backend.
type Timing struct {
	Median time.Duration // median of the timed calls
	Min    time.Duration // fastest timed call
	Runs   int           // timed calls (warm-up excluded)
}

// preparedOp is one op's graph, compiled on first call, with its own variables.
type preparedOp struct {
	exec *context.Exec
}

// seed fixes the random inputs, r and initial weights, so both backends see the same values.
const seed = 42

func prepare(backend backends.Backend, spec opSpec) (*preparedOp, error) {
	ctx := context.New()
	ctx.SetParam(initializers.ParamInitialSeed, int64(seed))
	fn := spec.step
	if fn == nil {
		fn = layerStep(spec.layer)
	}
	exec, err := context.NewExec(backend, ctx, fn)
	if err != nil {
		return nil, fmt.Errorf("bench: %s: %w", spec.name, err)
	}
	return &preparedOp{exec: exec}, nil
}

// call runs the op once and frees its outputs (updated variables stay in the context).
func (p *preparedOp) call() (err error) {
	// GoMLX reports some graph-building problems by panicking; keep them per-op errors.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	outs, err := p.exec.Exec()
	for _, t := range outs {
		t.FinalizeAll()
	}
	return err
}

func (p *preparedOp) finalize() { p.exec.Finalize() }

// timeOp prepares spec on backend and times it as cfg says: warm-up calls (stopping early after
// one slower than MinTime), then timed calls until Runs or MinTime in total, at least one.
func timeOp(backend backends.Backend, spec opSpec, cfg OpBenchConfig) (Timing, error) {
	p, err := prepare(backend, spec)
	if err != nil {
		return Timing{}, err
	}
	defer p.finalize()
	for range cfg.Warmup {
		start := time.Now()
		if err := p.call(); err != nil {
			return Timing{}, fmt.Errorf("bench: %s on %s: %w", spec.name, backend, err)
		}
		if time.Since(start) > cfg.MinTime {
			break
		}
	}
	var times []time.Duration
	var total time.Duration
	for len(times) < cfg.Runs && (len(times) == 0 || total < cfg.MinTime) {
		start := time.Now()
		if err := p.call(); err != nil {
			return Timing{}, fmt.Errorf("bench: %s on %s: %w", spec.name, backend, err)
		}
		d := time.Since(start)
		times = append(times, d)
		total += d
	}
	return summarize(times), nil
}

// summarize returns the median (the mean of the two middle values for an even count) and the
// minimum.
func summarize(times []time.Duration) Timing {
	if len(times) == 0 {
		return Timing{}
	}
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return Timing{Median: median, Min: sorted[0], Runs: n}
}
