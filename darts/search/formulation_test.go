package search

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/internal/asxla"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/run/checkpoint"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestXLAFormulationMatchesCPU runs XLA's formulation of the search step (the batched cell with
// its stacked variables, batch norm and depthwise gradients as built for XLA) on the CPU,
// through a darts-cpu backend that reports itself as XLA, against darts-cpu's own formulation
// with per-edge variables, from the same seed and batches: the host initialisation gives the
// same initial values, bit for bit, once stacked; two full search steps of each order give the
// same losses, gradient norms, α, weights, batch-norm statistics and optimiser state within
// float32 tolerance (XLA's compared after converting them back to per-edge variables), and so
// does an evaluation after them.
func TestXLAFormulationMatchesCPU(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pixels := make([]float32, 2*4*8*8*3)
	for i := range pixels {
		pixels[i] = float32(rng.NormFloat64())
	}
	for _, order := range []int{1, 2} {
		cfg := tinyRunConfig(order)
		cfg.Net.Layers = 3 // a normal, a reduction (cell 1) and a cell after a reduction
		run := func(b backends.Backend) (initial map[string][]float32, steps []StepResult, final map[string][]float32) {
			half := len(pixels) / 2
			x := tensors.FromFlatDataAndDimensions(slices.Clone(pixels[:half]), 4, 8, 8, 3)
			xv := tensors.FromFlatDataAndDimensions(slices.Clone(pixels[half:]), 4, 8, 8, 3)
			y, yv := tensors.FromFlatDataAndDimensions([]int32{2, 0, 9, 4}, 4), tensors.FromFlatDataAndDimensions([]int32{1, 1, 5, 3}, 4)
			s, err := NewSearcher(b, cfg.Net, cfg.Architect(), 11)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.ensureInitialized(x, y); err != nil {
				t.Fatal(err)
			}
			initial = perEdgeValues(t, s)
			steps = runSteps(t, s, 2, x, y, xv, yv)
			// Then inference mode (batch norms on the running statistics), as a third result.
			loss, correct, err := s.Evaluate(xv, yv)
			if err != nil {
				t.Fatal(err)
			}
			steps = append(steps, StepResult{ValLoss: loss, ValCorrect: correct})
			return initial, steps, perEdgeValues(t, s)
		}
		cpu, err := backend.NewCPU("")
		if err != nil {
			t.Fatal(err)
		}
		wantInit, want, wantVars := run(cpu)
		cpu.Finalize()
		xla, err := asxla.New()
		if err != nil {
			t.Fatal(err)
		}
		gotInit, got, gotVars := run(xla)
		xla.Finalize()

		if stacked := stackedCount(t, gotInit); stacked != 0 {
			t.Errorf("order %d: %d stacked variables left after converting XLA's back", order, stacked)
		}
		// darts-cpu initialises by an evaluation (the optimisers' state comes with the first
		// step), the host by building the step too: its extra variables are zero optimiser state.
		for name, w := range wantInit {
			if g, ok := gotInit[name]; !ok || !slices.Equal(g, w) {
				t.Errorf("order %d: initial %s differs from darts-cpu's (or is missing)", order, name)
			}
		}
		for name, g := range gotInit {
			if _, ok := wantInit[name]; !ok && (!strings.HasPrefix(name, "/optimizer/") || slices.ContainsFunc(g, func(v float32) bool { return v != 0 })) {
				t.Errorf("order %d: host initialisation made %s, which darts-cpu's has not", order, name)
			}
		}
		const tol = 2e-5 // relative to max(1, |value|)
		close := func(a, b float64) bool { return math.Abs(a-b) <= tol*max(1, math.Abs(b)) }
		for i := range want {
			w, g := want[i], got[i]
			if !close(g.TrainLoss, w.TrainLoss) || !close(g.ValLoss, w.ValLoss) || !close(g.GradNorm, w.GradNorm) ||
				g.TrainCorrect != w.TrainCorrect || g.ValCorrect != w.ValCorrect {
				t.Errorf("order %d, step %d (3: evaluation): XLA's formulation %+v, darts-cpu's %+v", order, i+1, g, w)
			}
		}
		if len(gotVars) != len(wantVars) {
			t.Errorf("order %d: %d variables, darts-cpu %d", order, len(gotVars), len(wantVars))
		}
		var worst float64
		var worstName string
		for name, w := range wantVars {
			g, ok := gotVars[name]
			if !ok || len(g) != len(w) {
				t.Errorf("order %d: variable %s missing or reshaped", order, name)
				continue
			}
			for i := range w {
				if d := math.Abs(float64(g[i]-w[i])) / max(1, math.Abs(float64(w[i]))); d > worst {
					worst, worstName = d, name
				}
			}
		}
		t.Logf("order %d: largest relative difference of a variable after two steps %.2g (%s)", order, worst, worstName)
		if worst > tol {
			t.Errorf("order %d: variables differ by up to %.2g (%s), want <= %g", order, worst, worstName, tol)
		}
	}
}

// perEdgeValues copies the searcher's float32 variables by name, with the edge variables per
// edge whatever its formulation stores (a converted copy of its context; the step counter left
// out).
func perEdgeValues(t *testing.T, s *Searcher) map[string][]float32 {
	t.Helper()
	cp := context.New().Checked(false)
	for v := range s.Ctx.IterVariables() {
		if v.Shape().DType != dtypes.Float32 {
			continue
		}
		value := tensors.FromFlatDataAndDimensions(tensors.MustCopyFlatData[float32](v.MustValue()), v.Shape().Dimensions...)
		cp.InAbsPath(v.Scope()).VariableWithValue(v.Name(), value).SetTrainable(v.Trainable)
	}
	if err := toPerEdgeStorage(cp, s.Net); err != nil {
		t.Fatal(err)
	}
	values := map[string][]float32{}
	for v := range cp.IterVariables() {
		values[v.ScopeAndName()] = tensors.MustCopyFlatData[float32](v.MustValue())
	}
	return values
}

// stackedCount counts the names of stacked edge variables.
func stackedCount(t *testing.T, values map[string][]float32) int {
	n := 0
	for name := range values {
		if strings.Contains(name, "/edges") {
			n++
		}
	}
	return n
}

// TestCheckpointAcrossFormulations saves a checkpoint after one step of each formulation (XLA's
// stacked variables, darts-cpu's per-edge ones), loads it into a new searcher of the other and
// takes a second step there: the step and every variable after it match two uninterrupted steps
// of the first formulation within float32 tolerance, and the loaded context holds only the
// storage of its own formulation.
func TestCheckpointAcrossFormulations(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pixels := make([]float32, 2*4*8*8*3)
	for i := range pixels {
		pixels[i] = float32(rng.NormFloat64())
	}
	cfg := tinyRunConfig(1)
	cfg.Net.Layers = 3
	batches := func() (x, y, xv, yv *tensors.Tensor) {
		half := len(pixels) / 2
		return tensors.FromFlatDataAndDimensions(slices.Clone(pixels[:half]), 4, 8, 8, 3),
			tensors.FromFlatDataAndDimensions([]int32{2, 0, 9, 4}, 4),
			tensors.FromFlatDataAndDimensions(slices.Clone(pixels[half:]), 4, 8, 8, 3),
			tensors.FromFlatDataAndDimensions([]int32{1, 1, 5, 3}, 4)
	}
	newBackend := func(stacked bool) backends.Backend {
		var b backends.Backend
		var err error
		if stacked {
			b, err = asxla.New()
		} else {
			b, err = backend.NewCPU("")
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Finalize)
		return b
	}
	for _, fromStacked := range []bool{true, false} {
		// Two uninterrupted steps on the first formulation.
		whole, err := NewSearcher(newBackend(fromStacked), cfg.Net, cfg.Architect(), 11)
		if err != nil {
			t.Fatal(err)
		}
		x, y, xv, yv := batches()
		want := runSteps(t, whole, 2, x, y, xv, yv)[1]
		wantVars := perEdgeValues(t, whole)

		// One step there, a checkpoint, and the second step on the other formulation.
		first, err := NewSearcher(newBackend(fromStacked), cfg.Net, cfg.Architect(), 11)
		if err != nil {
			t.Fatal(err)
		}
		x, y, xv, yv = batches()
		runSteps(t, first, 1, x, y, xv, yv)
		path := filepath.Join(t.TempDir(), "checkpoint.bin")
		if err := checkpoint.Save(path, first.Ctx, map[string]int{"step": 1}); err != nil {
			t.Fatal(err)
		}
		second, err := NewSearcher(newBackend(!fromStacked), cfg.Net, cfg.Architect(), 99) // another seed: every value must come from the checkpoint
		if err != nil {
			t.Fatal(err)
		}
		var state map[string]int
		if err := checkpoint.Load(path, second.Ctx, &state); err != nil {
			t.Fatal(err)
		}
		x, y, xv, yv = batches()
		got := runSteps(t, second, 1, x, y, xv, yv)[0]
		var names []string
		for v := range second.Ctx.IterVariables() {
			names = append(names, v.ScopeAndName())
		}
		stackedNames := slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "/edges") })
		perEdgeNames := slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "/edge0/") })
		if stackedNames == fromStacked || perEdgeNames != fromStacked {
			t.Errorf("saved stacked=%v: after loading, stacked names %v, per-edge names %v", fromStacked, stackedNames, perEdgeNames)
		}
		// Stacked, the primitives' last batch norms keep their statistics in the batch's one.
		if i := slices.IndexFunc(names, func(n string) bool { return strings.Contains(n, "/edges") && strings.Contains(n, "/bn_2/") }); i >= 0 {
			t.Errorf("saved stacked=%v: after loading, %s is not joined into %s", fromStacked, names[i], outputsBNScope)
		}

		const tol = 2e-5
		close := func(a, b float64) bool { return math.Abs(a-b) <= tol*max(1, math.Abs(b)) }
		if !close(got.TrainLoss, want.TrainLoss) || !close(got.ValLoss, want.ValLoss) || !close(got.GradNorm, want.GradNorm) {
			t.Errorf("saved stacked=%v: resumed step %+v, uninterrupted %+v", fromStacked, got, want)
		}
		gotVars := perEdgeValues(t, second)
		if len(gotVars) != len(wantVars) {
			t.Errorf("saved stacked=%v: %d variables after resuming, %d uninterrupted", fromStacked, len(gotVars), len(wantVars))
		}
		var worst float64
		for name, w := range wantVars {
			g, ok := gotVars[name]
			if !ok || len(g) != len(w) {
				t.Errorf("saved stacked=%v: variable %s missing or reshaped", fromStacked, name)
				continue
			}
			for i := range w {
				worst = max(worst, math.Abs(float64(g[i]-w[i]))/max(1, math.Abs(float64(w[i]))))
			}
		}
		t.Logf("saved stacked=%v: largest relative difference %.2g", fromStacked, worst)
		if worst > tol {
			t.Errorf("saved stacked=%v: variables differ by up to %.2g, want <= %g", fromStacked, worst, tol)
		}
	}
}

// TestResumeAcrossFormulations interrupts a search on one formulation and resumes its run folder
// (`darts search -resume`) on the other: the final α matches the uninterrupted search on the
// first within float32 tolerance, and so do the recorded losses.
func TestResumeAcrossFormulations(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three small searches")
	}
	cfg := tinyRunConfig(1)
	data := tinyData(t, 64)
	xla, err := asxla.New()
	if err != nil {
		t.Fatal(err)
	}
	defer xla.Finalize()
	cpu, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer cpu.Finalize()

	fullDir, _ := run.Create(t.TempDir() + "/full")
	full, err := Run(xla, cfg, data, fullDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := run.Create(t.TempDir() + "/interrupted")
	if _, err := Run(xla, cfg, data, dir, Options{stopAfterSteps: 4}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted run: got %v, want ErrInterrupted", err)
	}
	resumed, err := Run(cpu, cfg, data, dir, Options{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	want, got := alphaValues(t, full), alphaValues(t, resumed)
	var worst float64
	for k := range want {
		for i := range want[k] {
			worst = max(worst, math.Abs(float64(got[k][i]-want[k][i])))
		}
	}
	t.Logf("largest α difference after resuming on darts-cpu: %.2g", worst)
	if worst > 1e-5 {
		t.Errorf("α differs by up to %.2g after resuming on the other formulation", worst)
	}
	records := func(d *run.Dir) []EpochRecord {
		var rs []EpochRecord
		if err := run.ReadLines(d.File(run.MetricsFile), func(line []byte) error {
			var r EpochRecord
			err := json.Unmarshal(line, &r)
			rs = append(rs, r)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return rs
	}
	wantRecs, gotRecs := records(fullDir), records(dir)
	if len(gotRecs) != len(wantRecs) || len(wantRecs) != cfg.Epochs {
		t.Fatalf("%d epochs recorded after resuming, %d uninterrupted, want %d", len(gotRecs), len(wantRecs), cfg.Epochs)
	}
	for i := range wantRecs {
		if w, g := wantRecs[i].TrainLoss, gotRecs[i].TrainLoss; math.Abs(w-g) > 2e-5*max(1, math.Abs(w)) {
			t.Errorf("epoch %d: training loss %v after resuming, %v uninterrupted", i+1, g, w)
		}
	}
}
