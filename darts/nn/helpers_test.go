package nn

import (
	"github.com/dartsml/godarts/darts/backend"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// testBackend returns the backend the tests run on: $DARTS_TEST_BACKEND when set, otherwise
// the darts CPU backend (darts-cpu). One backend is shared by all tests of the package.
func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	sharedBackendOnce.Do(func() {
		config := os.Getenv("DARTS_TEST_BACKEND")
		if config == "" {
			config = backend.Name // the darts CPU backend: the one every user without a GPU runs on
		}
		sharedBackend, sharedBackendErr = backends.NewWithConfig(config)
	})
	if sharedBackendErr != nil {
		t.Fatalf("creating test backend: %v", sharedBackendErr)
	}
	return sharedBackend
}

// requireOps skips the test when the backend lacks one of the ops some gradient (or forward) needs,
// naming the missing ops. GoMLX's stock "go" backend lacks Pad, Reverse and SelectAndScatterMax,
// which GoMLX's own gradients of Slice, Convolve and the pools are built from.
func requireOps(t testing.TB, backend backends.Backend, ops ...backends.OpType) {
	t.Helper()
	var missing []string
	for _, op := range ops {
		if !backend.Capabilities().Operations[op] {
			missing = append(missing, op.String())
		}
	}
	if len(missing) > 0 {
		t.Skipf("backend %q lacks %s", backend.Name(), strings.Join(missing, ", "))
	}
}

// tensor4 is a float64 NHWC (or HWIO) tensor kept on the host, with a flat row-major payload.
type tensor4 struct {
	dims [4]int
	data []float64
}

func newTensor4(d0, d1, d2, d3 int) *tensor4 {
	return &tensor4{dims: [4]int{d0, d1, d2, d3}, data: make([]float64, d0*d1*d2*d3)}
}

func randomTensor4(rng *rand.Rand, d0, d1, d2, d3 int) *tensor4 {
	t := newTensor4(d0, d1, d2, d3)
	for i := range t.data {
		t.data[i] = rng.Float64()*2 - 1
	}
	return t
}

func (t *tensor4) index(i0, i1, i2, i3 int) int {
	return ((i0*t.dims[1]+i1)*t.dims[2]+i2)*t.dims[3] + i3
}

func (t *tensor4) at(i0, i1, i2, i3 int) float64 { return t.data[t.index(i0, i1, i2, i3)] }

func (t *tensor4) set(i0, i1, i2, i3 int, v float64) { t.data[t.index(i0, i1, i2, i3)] = v }

func (t *tensor4) tensor() *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(append([]float64(nil), t.data...), t.dims[:]...)
}

func randomVector(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.Float64()*2 - 1
	}
	return v
}

// execute runs fn on the backend with the given inputs and returns its outputs as float64 slices
// (each output converted to float64 inside the graph) together with their dimensions.
func execute(t testing.TB, backend backends.Backend, fn func(in []*graph.Node) []*graph.Node,
	inputs ...*tensors.Tensor) (flat [][]float64, dims [][]int) {
	t.Helper()
	exec, err := graph.NewExec(backend, func(in []*graph.Node) []*graph.Node {
		outs := fn(in)
		for i, out := range outs {
			outs[i] = graph.ConvertDType(out, dtypes.Float64)
		}
		return outs
	})
	if err != nil {
		t.Fatalf("NewExec: %v", err)
	}
	defer exec.Finalize()
	args := make([]any, len(inputs))
	for i, in := range inputs {
		args[i] = in
	}
	results, err := exec.Exec(args...)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	for _, r := range results {
		flat = append(flat, tensors.MustCopyFlatData[float64](r))
		dims = append(dims, r.Shape().Dimensions)
	}
	return flat, dims
}

// execute1 is execute for a single output.
func execute1(t testing.TB, backend backends.Backend, fn func(in []*graph.Node) *graph.Node,
	inputs ...*tensors.Tensor) ([]float64, []int) {
	t.Helper()
	flat, dims := execute(t, backend, func(in []*graph.Node) []*graph.Node {
		return []*graph.Node{fn(in)}
	}, inputs...)
	return flat[0], dims[0]
}

// assertClose fails the test at the first element where got and want differ by more than tol
// (absolute, or relative for values above 1).
func assertClose(t testing.TB, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) || math.IsNaN(got[i]) {
			t.Fatalf("%s: element %d: got %.10g, want %.10g", what, i, got[i], want[i])
		}
	}
}

func assertDims(t testing.TB, what string, got []int, want ...int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got dims %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: got dims %v, want %v", what, got, want)
		}
	}
}

var (
	sharedBackendOnce sync.Once
	sharedBackend     backends.Backend
	sharedBackendErr  error
)
