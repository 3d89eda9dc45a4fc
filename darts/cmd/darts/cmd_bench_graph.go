package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/bench"
	"github.com/dartsml/godarts/darts/search"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// benchGraph builds one search step's graph, as the backend named by forBackend would receive it
// (its formulation is chosen by backend name), without compiling or running it, and prints its
// census. For XLA the graph is built on a plugin-less XLA backend, so it works on any machine
// and also gives the StableHLO program. The last line is
// graph_nodes=N convolutions=M stablehlo_bytes=B (0 bytes off XLA).
func benchGraph(cfg search.RunConfig, forBackend, dtype string, stdout io.Writer) error {
	var b backends.Backend
	var onXLA *backend.XLAGraphOnly
	switch forBackend {
	case "xla":
	case backend.Name:
		cpu, err := backend.NewCPU("")
		if err != nil {
			return err
		}
		b = cpu
	case "":
		chosen, err := newBackend(stdout)
		if err != nil {
			return err
		}
		if chosen.Name() != "xla" {
			b = chosen
		} else {
			chosen.Finalize()
		}
	default:
		return usagef("-for %q: want xla or %s", forBackend, backend.Name)
	}
	if b == nil {
		onXLA = backend.NewXLAGraphOnly()
		b = onXLA
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "# search step graph: order %d, %s, %d cells, C=%d, batch %d of 32x32x3; weight step in %s; built for %s, not run\n",
		cfg.Order, cfg.Mode, cfg.Net.Layers, cfg.Net.C, cfg.BatchSize, dtype, b.Name())
	s, err := search.NewSearcher(b, cfg.Net, cfg.Architect(), cfg.Seed)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0xbe7c))
	x, y := randomBatch(rng, cfg.BatchSize, cfg.Net.NumClasses)
	start := time.Now()
	g := graph.NewGraph(b, "search_step")
	outs, err := s.BuildStep(g, x, y, x, y)
	if err != nil {
		return err
	}
	built := time.Since(start)
	census := bench.CountGraph(g, outs...)
	census.Write(stdout)
	hloBytes := 0
	if onXLA != nil {
		start = time.Now()
		program, err := onXLA.StableHLO(g, outs...)
		if err != nil {
			return err
		}
		hloBytes = len(program)
		fmt.Fprintf(stdout, "stablehlo_ops=%d stablehlo_convolutions=%d (program written in %.1f s)\n",
			bytes.Count(program, []byte(" = \"stablehlo."))+bytes.Count(program, []byte(" = stablehlo.")),
			bytes.Count(program, []byte("stablehlo.convolution")), time.Since(start).Seconds())
	}
	fmt.Fprintf(stdout, "build_s=%.1f (variables initialised on the host, graph built) live_nodes=%d live_convolutions=%d\n",
		built.Seconds(), census.Live, census.LiveConvolutions)
	fmt.Fprintf(stdout, "graph_nodes=%d convolutions=%d stablehlo_bytes=%d\n", census.Nodes, census.Convolutions, hloBytes)
	return nil
}
