// Package asxla is a test backend: darts-cpu that reports itself as XLA and records the name of
// every graph built on it. The project's code takes its XLA paths (host initialisation, XLA's
// graph formulations) on it while everything still runs on the CPU, so a test can check which
// graphs would reach XLA, such as GoMLX's "VariableInitialization" graph, which XLA on CUDA was
// seen compiling for minutes.
package asxla

import (
	"sync"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/backends"
)

// Backend is darts-cpu under the name "xla".
type Backend struct {
	backends.Backend

	mu     sync.Mutex
	graphs []string
}

// New creates a darts-cpu backend that reports itself as "xla".
func New() (*Backend, error) {
	cpu, err := backend.NewCPU("")
	if err != nil {
		return nil, err
	}
	return &Backend{Backend: cpu}, nil
}

// Name is XLA's backend name, which the project's code checks.
func (b *Backend) Name() string { return "xla" }

// Builder records the graph's name and builds it on darts-cpu.
func (b *Backend) Builder(name string) backends.Builder {
	b.mu.Lock()
	b.graphs = append(b.graphs, name)
	b.mu.Unlock()
	return b.Backend.Builder(name)
}

// Graphs returns the names of the graphs built so far, in order.
func (b *Backend) Graphs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.graphs...)
}
