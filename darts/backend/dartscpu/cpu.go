package dartscpu

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

//go:generate go run ./internal/genops

// Name is the name under which the CPU backend registers with GoMLX (GOMLX_BACKEND=darts-cpu).
const Name = "darts-cpu"

func init() {
	backends.Register(Name, New)
}

// cpuBackend is the darts CPU backend. It implements backends.Backend; buffers are those of the wrapped
// pure-Go backend, so all of backends.DataInterface is delegated to it.
type cpuBackend struct {
	backends.DataInterface
	inner         backends.Backend // the pure-Go backend: segments and buffers
	stockKernels  bool             // benchmark baseline: only the ops the pure-Go backend lacks are ours
	noFusion      bool             // run elementwise ops one by one in the pure-Go backend
	finalized     bool
	noArena       bool              // every value in a buffer of the pure-Go backend (no memory plan)
	noSink        bool              // steps stay where the schedule's rounds put them (see sinkSteps)
	noLazy        bool              // every fused value runs where the schedule puts it (see lazyNodes)
	noDotRewrites bool              // products run as recorded (see fuseDotSums and prepackRHS)
	onCompile     func(*executable) // tests: sees every executable compiled
	arenas        arenaPool         // memory of planned intermediate values (see planMemory)
}

// New creates the CPU backend. The config is a comma-separated list of options: ours,
// "stock-kernels" (run convolutions, matrix products, transposes, pools and elementwise ops with
// the pure-Go backend's own kernels, keeping only the missing ops native: the baseline for
// benchmarks), "no-fusion" (elementwise ops one by one in the pure-Go backend), "no-arena" (no
// static memory plan: every intermediate value in a pooled buffer, as before), "no-sink" (steps
// run as soon as their inputs are ready, even when running them later keeps less alive; see
// sinkSteps), "no-lazy" (cheap values such as ReLU indicators are computed once and written out,
// not recomputed by each group that reads them; see lazyNodes), "no-dot-rewrites" (each
// product runs as recorded: sums of products are not merged into one deeper product, and a
// weight read by many products is not packed once for all of them; see fuseDotSums and
// prepackRHS), and any option of the wrapped
// pure-Go backend (for example "parallelism=2" or "ops_sequential").
func New(config string) (backends.Backend, error) {
	c := &cpuBackend{}
	var innerOpts []string
	for _, opt := range strings.Split(config, ",") {
		switch opt {
		case "":
		case "stock-kernels":
			c.stockKernels = true
			c.noFusion = true
		case "no-fusion":
			c.noFusion = true
		case "no-arena":
			c.noArena = true
		case "no-sink":
			c.noSink = true
		case "no-lazy":
			c.noLazy = true
		case "no-dot-rewrites":
			c.noDotRewrites = true
		default:
			innerOpts = append(innerOpts, opt)
		}
	}
	if !slices.ContainsFunc(innerOpts, func(o string) bool { return strings.HasPrefix(o, "ops_") }) {
		// Segments run their ops one after another: the pure-Go backend's parallel op execution
		// deadlocks when several large ops (e.g. DotGenerals) each wait for workers from the
		// same full pool. Each op still uses the pool for its own work.
		innerOpts = append(innerOpts, "ops_sequential")
	}
	inner, err := simplego.New(strings.Join(innerOpts, ","))
	if err != nil {
		return nil, fmt.Errorf("%s: creating the pure-Go backend: %w", Name, err)
	}
	c.DataInterface, c.inner = inner, inner
	return c, nil
}

var _ backends.Backend = (*cpuBackend)(nil)

// Name implements backends.Backend.
func (c *cpuBackend) Name() string { return Name }

// String implements backends.Backend.
func (c *cpuBackend) String() string { return Name }

// Description implements backends.Backend.
func (c *cpuBackend) Description() string {
	return "DARTS CPU backend: native convolution, GEMM and memory kernels over GoMLX's pure-Go backend"
}

// NumDevices implements backends.Backend.
func (c *cpuBackend) NumDevices() int { return 1 }

// DeviceDescription implements backends.Backend.
func (c *cpuBackend) DeviceDescription(deviceNum backends.DeviceNum) string { return "cpu#0" }

// Capabilities implements backends.Backend: those of the pure-Go backend plus our native ops.
func (c *cpuBackend) Capabilities() backends.Capabilities {
	caps := c.inner.Capabilities().Clone()
	for _, op := range []backends.OpType{backends.OpTypePad, backends.OpTypeReverse,
		backends.OpTypeSelectAndScatterMax, backends.OpTypeSelectAndScatterMin} {
		caps.Operations[op] = true
	}
	if !c.stockKernels {
		// Batch norm runs on our kernels (native_batchnorm.go); darts/nn checks for it. The
		// stock baseline lacks it, as the pure-Go backend does, so nn builds it from plain ops.
		for _, op := range []backends.OpType{backends.OpTypeBatchNormForTraining,
			backends.OpTypeBatchNormForInference, backends.OpTypeBatchNormGradient} {
			caps.Operations[op] = true
		}
	}
	return caps
}

// Builder implements backends.Backend.
func (c *cpuBackend) Builder(name string) backends.Builder {
	return &graphBuilder{backend: c, name: name, shadow: c.inner.Builder(name + "#shapes")}
}

// Finalize implements backends.Backend.
func (c *cpuBackend) Finalize() {
	c.finalized = true
	c.arenas.close()
	c.inner.Finalize()
}

// IsFinalized implements backends.Backend.
func (c *cpuBackend) IsFinalized() bool { return c.finalized }

// newBuffer allocates an output buffer of the given shape and returns its flat data.
func (c *cpuBackend) newBuffer(shape shapes.Shape) (backends.Buffer, any, error) {
	return c.inner.NewSharedBuffer(0, shape)
}

// isStockGo reports whether a backend is GoMLX's pure-Go backend (without our wrapper).
func isStockGo(b backends.Backend) bool { return strings.HasPrefix(b.String(), simplego.BackendName) }
