package bench

import (
	"flag"
	"testing"

	"github.com/gomlx/gomlx/backends"
)

var benchStockCell = flag.Bool("stock-cell", false, "also benchmark the search-cell step on the stock backend (minutes per call)")

// BenchmarkOps runs every op's forward+backward call under Go's benchmark harness, on both
// backends: go test -bench 'Ops/ours' -run '^$' ./darts/bench. The stock cell step is skipped
// unless -stock-cell is given.
func BenchmarkOps(b *testing.B) {
	for _, which := range []struct{ name, config string }{{"ours", OursBackend}, {"stock", StockBackend}} {
		b.Run(which.name, func(b *testing.B) {
			for _, spec := range allOps() {
				b.Run(spec.name, func(b *testing.B) {
					if which.config == StockBackend && spec.slowStock && !*benchStockCell {
						b.Skip("stock cell step takes minutes per call; pass -stock-cell")
					}
					benchmarkOp(b, which.config, spec)
				})
			}
		})
	}
}

func benchmarkOp(b *testing.B, config string, spec opSpec) {
	backend, err := backends.NewWithConfig(config)
	if err != nil {
		b.Fatal(err)
	}
	defer backend.Finalize()
	p, err := prepare(backend, spec)
	if err != nil {
		b.Fatal(err)
	}
	defer p.finalize()
	if err := p.call(); err != nil { // compile outside the timed loop
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := p.call(); err != nil {
			b.Fatal(err)
		}
	}
	if spec.flops > 0 {
		b.ReportMetric(spec.flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
}
