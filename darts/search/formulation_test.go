package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/internal/asxla"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestXLAFormulationMatchesCPU runs XLA's formulation of the search step (the batched cell,
// batch norm and depthwise gradients as built for XLA) on the CPU, through a darts-cpu backend
// that reports itself as XLA, against darts-cpu's own formulation, from the same weights and
// batches: two full search steps of each order give the same losses, gradient norms, α and
// weights within float32 tolerance.
func TestXLAFormulationMatchesCPU(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pixels := make([]float32, 2*4*8*8*3)
	for i := range pixels {
		pixels[i] = float32(rng.NormFloat64())
	}
	for _, order := range []int{1, 2} {
		cfg := tinyRunConfig(order)
		cfg.Net.Layers = 3 // a normal, a reduction (cell 1) and a cell after a reduction
		run := func(b backends.Backend) ([]StepResult, map[string][]float32) {
			half := len(pixels) / 2
			x := tensors.FromFlatDataAndDimensions(slices.Clone(pixels[:half]), 4, 8, 8, 3)
			xv := tensors.FromFlatDataAndDimensions(slices.Clone(pixels[half:]), 4, 8, 8, 3)
			y, yv := tensors.FromFlatDataAndDimensions([]int32{2, 0, 9, 4}, 4), tensors.FromFlatDataAndDimensions([]int32{1, 1, 5, 3}, 4)
			s, err := NewSearcher(b, cfg.Net, cfg.Architect(), 11)
			if err != nil {
				t.Fatal(err)
			}
			steps := runSteps(t, s, 2, x, y, xv, yv)
			values := map[string][]float32{}
			for v := range s.Ctx.IterVariables() {
				if v.Shape().DType != dtypes.Float32 {
					continue // the step counter
				}
				values[v.ScopeAndName()] = tensors.MustCopyFlatData[float32](v.MustValue())
			}
			return steps, values
		}
		cpu, err := backend.NewCPU("")
		if err != nil {
			t.Fatal(err)
		}
		want, wantVars := run(cpu)
		cpu.Finalize()
		xla, err := asxla.New()
		if err != nil {
			t.Fatal(err)
		}
		got, gotVars := run(xla)
		xla.Finalize()

		const tol = 2e-5 // relative to max(1, |value|)
		close := func(a, b float64) bool { return math.Abs(a-b) <= tol*max(1, math.Abs(b)) }
		for i := range want {
			w, g := want[i], got[i]
			if !close(g.TrainLoss, w.TrainLoss) || !close(g.ValLoss, w.ValLoss) || !close(g.GradNorm, w.GradNorm) ||
				g.TrainCorrect != w.TrainCorrect || g.ValCorrect != w.ValCorrect {
				t.Errorf("order %d, step %d: XLA's formulation %+v, darts-cpu's %+v", order, i+1, g, w)
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
