package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// adamState reads the α optimiser's first and second moments of the normal cell's α and its
// step count.
func adamState(t *testing.T, s *Searcher) (m, v [][]float64, step float64) {
	t.Helper()
	read := func(scope, name string) *tensors.Tensor {
		vr := s.Ctx.InAbsPath(scope).GetVariable(name)
		if vr == nil {
			t.Fatalf("no optimiser state %s/%s", scope, name)
		}
		return vr.MustValue()
	}
	scope := "/optimizer/arch_adam/" + ArchScope + "/alphas_normal"
	var err error
	if m, err = matrixOf(read(scope, "m")); err != nil {
		t.Fatal(err)
	}
	if v, err = matrixOf(read(scope, "v")); err != nil {
		t.Fatal(err)
	}
	return m, v, float64(tensors.MustCopyFlatData[float32](read("/optimizer/arch_adam", "step"))[0])
}

// adamStep is torch.optim.Adam's update of α given its gradient and state, in float64.
func adamStep(cfg RunConfig, alpha, grad, m, v [][]float64, step float64) [][]float64 {
	const b1, b2, eps = 0.5, 0.999, 1e-8
	t := step + 1
	out := make([][]float64, len(alpha))
	for i := range alpha {
		out[i] = make([]float64, len(alpha[i]))
		for j := range alpha[i] {
			g := grad[i][j] + cfg.ArchWeightDecay*alpha[i][j]
			mm := b1*m[i][j] + (1-b1)*g
			vv := b2*v[i][j] + (1-b2)*g*g
			denom := math.Sqrt(vv)/math.Sqrt(1-math.Pow(b2, t)) + eps
			out[i][j] = alpha[i][j] - cfg.ArchLR/(1-math.Pow(b1, t))*mm/denom
		}
	}
	return out
}

func maxAbsDiff(a, b [][]float64) float64 {
	d := 0.0
	for i := range a {
		for j := range a[i] {
			d = math.Max(d, math.Abs(a[i][j]-b[i][j]))
		}
	}
	return d
}

func maxAbs(a [][]float64) float64 {
	d := 0.0
	for _, row := range a {
		for _, v := range row {
			d = math.Max(d, math.Abs(v))
		}
	}
	return d
}

// TestOpenStepPartsAgree: the parts OpenStep reports must be the step that ran. After one
// ordinary step (so that Adam has state), OpenStep's α after must be Adam's update from the
// gradient of the searcher's order, computed here on the host (and not from the other order's
// gradient); the second-order gradient must be Unrolled + Implicit; R must be 0.01/‖v‖ and ξ the
// learning rate; and the step must leave the searcher exactly where Step leaves a twin
// (batch-norm running statistics included).
func TestOpenStepPartsAgree(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	rng := rand.New(rand.NewPCG(5, 6))
	x, y := randomBatch(rng, 8)
	xv, yv := randomBatch(rng, 8)
	const lr = 0.025
	for _, order := range []int{1, 2} {
		cfg := tinyRunConfig(order)
		cfg.ArchLR = 3e-2
		open, err := NewSearcher(b, cfg.Net, cfg.Architect(), 7)
		if err != nil {
			t.Fatal(err)
		}
		twin, err := NewSearcher(b, cfg.Net, cfg.Architect(), 7)
		if err != nil {
			t.Fatal(err)
		}
		runSteps(t, open, 1, x, y, xv, yv)
		runSteps(t, twin, 1, x, y, xv, yv)
		m, v, step := adamState(t, open)
		o, err := open.OpenStep(x, y, xv, yv, lr)
		if err != nil {
			t.Fatal(err)
		}
		// The parts against each other.
		if o.Xi != float64(float32(lr)) { // the step takes lr as float32
			t.Errorf("order %d: ξ = %g, want the learning rate %g", order, o.Xi, lr)
		}
		if math.Abs(o.Radius*o.VNorm-0.01) > 1e-8 || o.VNorm <= 0 {
			t.Errorf("order %d: R = %g, ‖v‖ = %g: R·‖v‖ = %g, want 0.01", order, o.Radius, o.VNorm, o.Radius*o.VNorm)
		}
		for _, c := range []struct {
			name       string
			second, un [][]float64
			implicit   [][]float64
		}{{"normal", o.Second.Normal, o.Unrolled.Normal, o.Implicit.Normal}, {"reduce", o.Second.Reduce, o.Unrolled.Reduce, o.Implicit.Reduce}} {
			sum := make([][]float64, len(c.un))
			for i := range c.un {
				sum[i] = make([]float64, len(c.un[i]))
				for j := range c.un[i] {
					sum[i][j] = c.un[i][j] + c.implicit[i][j]
				}
			}
			if d := maxAbsDiff(c.second, sum); d > 1e-6*maxAbs(c.second) {
				t.Errorf("order %d %s: second − (unrolled + implicit) up to %g", order, c.name, d)
			}
			if maxAbs(c.implicit) == 0 {
				t.Errorf("order %d %s: implicit term is zero", order, c.name)
			}
		}
		// α after: Adam from the gradient of the searcher's order, not from the other one.
		used, other := o.First, o.Second
		if order == 2 {
			used, other = o.Second, o.First
		}
		if maxAbsDiff(o.Used().Normal, used.Normal) != 0 {
			t.Errorf("order %d: Used is not the gradient of this order", order)
		}
		want := adamStep(cfg, o.AlphaBefore.Normal, used.Normal, m, v, step)
		wrong := adamStep(cfg, o.AlphaBefore.Normal, other.Normal, m, v, step)
		got := o.AlphaAfter.Normal
		tol := 1e-4 * cfg.ArchLR
		if d := maxAbsDiff(got, want); d > tol {
			t.Errorf("order %d: α after differs from Adam on the used gradient by %g (> %g)", order, d, tol)
		}
		if d := maxAbsDiff(got, wrong); d < 10*tol {
			t.Errorf("order %d: α after is within %g of Adam on the other order's gradient: the test cannot tell them apart", order, d)
		}
		// The weight step.
		if !(o.WeightUpdateNorm > 0) || !(o.TrainLossAfter < o.TrainLossBefore) {
			t.Errorf("order %d: weight step: loss %g → %g, ‖Δw‖ = %g", order, o.TrainLossBefore, o.TrainLossAfter, o.WeightUpdateNorm)
		}
		// The same state as a plain Step: α and the next step's results, bit for bit.
		runSteps(t, twin, 1, x, y, xv, yv)
		a, bb := alphaValues(t, open), alphaValues(t, twin)
		if !slices.Equal(a[0], bb[0]) || !slices.Equal(a[1], bb[1]) {
			t.Errorf("order %d: α after OpenStep differs from α after Step", order)
		}
		// Batch-norm running statistics (inference mode) too: the inspection must not move them.
		l1, _, err1 := open.Evaluate(xv, yv)
		l2, _, err2 := twin.Evaluate(xv, yv)
		if err1 != nil || err2 != nil || l1 != l2 {
			t.Errorf("order %d: inference loss after OpenStep %v (%v), after Step %v (%v)", order, l1, err1, l2, err2)
		}
		if r1, r2 := runSteps(t, open, 1, x, y, xv, yv), runSteps(t, twin, 1, x, y, xv, yv); !slices.Equal(r1, r2) {
			t.Errorf("order %d: the step after OpenStep %+v, after Step %+v", order, r1, r2)
		}
		table, err := o.EdgeTable("reduce", 1, nil)
		if err != nil || strings.Count(table, "\n") != 9 {
			t.Errorf("order %d: EdgeTable: %v\n%s", order, err, table)
		}
		if _, err := o.EdgeTable("reduce", 14, nil); err == nil {
			t.Errorf("EdgeTable of edge 14 of a 14-edge cell: no error")
		}
		t.Logf("order %d:\n%s%s", order, o.Summary(), table)
		t.Logf("order %d: ξ=%g R=%.3g ‖v‖=%.3g |first|∞=%.3g |implicit|∞=%.3g loss %.4f→%.4f ‖Δw‖=%.4g",
			order, o.Xi, o.Radius, o.VNorm, maxAbs(o.First.Normal), maxAbs(o.Implicit.Normal), o.TrainLossBefore, o.TrainLossAfter, o.WeightUpdateNorm)
	}
}

// TestOpenStepOfFirstAdamStep: opened at the very first step (after = 0), Adam moves every α
// entry by its learning rate, whatever the gradient (m̂/√v̂ = g/|g|), as OpenStepOf's doc says; one
// step later it no longer does.
func TestOpenStepOfFirstAdamStep(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	cfg := tinyRunConfig(1)
	data := tinyData(t, 32)
	for _, after := range []int{0, 1} {
		o, err := OpenStepOf(b, cfg, data, after)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := math.Inf(1), 0.0
		for i, row := range o.AlphaAfter.Normal {
			for j, a := range row {
				d := math.Abs(a - o.AlphaBefore.Normal[i][j])
				lo, hi = math.Min(lo, d), math.Max(hi, d)
			}
		}
		first := math.Abs(lo-cfg.ArchLR) < 0.02*cfg.ArchLR && math.Abs(hi-cfg.ArchLR) < 0.02*cfg.ArchLR
		t.Logf("after %d steps: |Δα| from %.4g to %.4g", after, lo, hi)
		if first != (after == 0) {
			t.Errorf("after %d steps: |Δα| from %g to %g (α lr %g)", after, lo, hi, cfg.ArchLR)
		}
	}
}
