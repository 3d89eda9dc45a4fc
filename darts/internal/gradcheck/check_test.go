package gradcheck_test

import (
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"

	"github.com/dartsml/godarts/darts/internal/gradcheck"
	"github.com/dartsml/godarts/darts/nn"
)

// sumCubeTimes is Σ x³·y, whose gradients are 3x²·y and x³.
func sumCubeTimes(in []*graph.Node) *graph.Node {
	x, y := in[0], in[1]
	return graph.ReduceAllSum(graph.Mul(graph.Mul(graph.Square(x), x), y))
}

func cubeInputs() []gradcheck.Input {
	return []gradcheck.Input{
		{Name: "x", Data: []float64{0.5, -1.25, 2, 0.1, -0.7, 1.5}, Dims: []int{2, 3}},
		{Name: "y", Data: []float64{1.5, 0.25, -2, 3, 0.9, -0.4}, Dims: []int{2, 3}},
	}
}

func TestKnownFunctionPasses(t *testing.T) {
	report, err := gradcheck.Check(testBackend(t), sumCubeTimes, cubeInputs(), gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(report)
	if err := report.Err(); err != nil {
		t.Fatal(err)
	}
	if len(report.Inputs) != 2 || report.Inputs[0].Checked != 6 {
		t.Fatalf("unexpected report shape: %+v", report.Inputs)
	}
	for _, in := range report.Inputs {
		// Far below the tolerance: the default step leaves only rounding noise on a smooth loss.
		if in.Worst.RelErr > 1e-7 {
			t.Errorf("input %s: relative error %.2e is larger than expected for a smooth cubic", in.Input, in.Worst.RelErr)
		}
	}
}

func TestConstantInputsAreNotDifferentiated(t *testing.T) {
	inputs := cubeInputs()
	inputs[1].Constant = true
	report := gradcheck.Require(t, testBackend(t), sumCubeTimes, inputs, gradcheck.Options{})
	if len(report.Inputs) != 1 || report.Inputs[0].Input != `"x"` {
		t.Fatalf("want only x checked, got %+v", report.Inputs)
	}
}

// wrongCube is x³ with a custom gradient of 2x² instead of 3x², and only on elements at
// odd flat positions, so the checker must find the right element.
func wrongCube(x *graph.Node) *graph.Node {
	return nn.CustomVJP([]*graph.Node{x},
		func(in []*graph.Node) *graph.Node { return graph.Mul(graph.Square(in[0]), in[0]) },
		func(in []*graph.Node, _, v *graph.Node) []*graph.Node {
			right := graph.MulScalar(graph.Square(in[0]), 3)
			wrong := graph.MulScalar(graph.Square(in[0]), 2)
			odd := graph.Equal(graph.ModScalar(graph.Iota(x.Graph(), x.Shape(), 0), 2), graph.OnesLike(x))
			return []*graph.Node{graph.Mul(v, graph.Where(odd, wrong, right))}
		})
}

func TestWrongCustomGradientIsCaught(t *testing.T) {
	inputs := []gradcheck.Input{{Name: "x", Data: []float64{0.5, -1.25, 2, 0.1}, Dims: []int{4}}}
	report, err := gradcheck.Check(testBackend(t), func(in []*graph.Node) *graph.Node {
		return graph.ReduceAllSum(wrongCube(in[0]))
	}, inputs, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	failure := report.Err()
	if failure == nil {
		t.Fatalf("a wrong gradient passed:\n%s", report)
	}
	t.Log(failure)
	worst := report.Inputs[0].Worst
	// Elements 1 and 3 are wrong by x² (1.5625 and 0.01): element 1 has the larger relative error
	// (both are 1/3 relatively, but element 3's is measured against the floor, 1% of 12).
	if worst.Flat != 1 || worst.Index[0] != 1 {
		t.Fatalf("worst element: got flat %d, want 1 (%s)", worst.Flat, report)
	}
	if d := worst.Analytic - 2*1.25*1.25; d > 1e-12 || d < -1e-12 {
		t.Errorf("analytic: got %v, want %v", worst.Analytic, 2*1.25*1.25)
	}
	if d := worst.Numeric - 3*1.25*1.25; d > 1e-6 || d < -1e-6 {
		t.Errorf("numeric: got %v, want %v", worst.Numeric, 3*1.25*1.25)
	}
	for _, want := range []string{`"x"`, "[1]", "analytic", "numeric", "relative error"} {
		if !strings.Contains(failure.Error(), want) {
			t.Errorf("failure message lacks %q: %s", want, failure)
		}
	}
}

func TestSubsetOfElements(t *testing.T) {
	report := gradcheck.Require(t, testBackend(t), sumCubeTimes, cubeInputs(), gradcheck.Options{MaxElements: 4})
	for _, in := range report.Inputs {
		if in.Checked != 4 {
			t.Errorf("input %s: checked %d elements, want 4", in.Input, in.Checked)
		}
	}
}

func TestInvalidInputsAreErrors(t *testing.T) {
	backend := testBackend(t)
	bad := []gradcheck.Input{{Name: "x", Data: []float64{1, 2, 3}, Dims: []int{2, 2}}}
	if _, err := gradcheck.Check(backend, sumCubeTimes, bad, gradcheck.Options{}); err == nil ||
		!strings.Contains(err.Error(), "3 values") {
		t.Errorf("mismatched data and dims: got error %v", err)
	}
	notScalar := func(in []*graph.Node) *graph.Node { return in[0] }
	vector := []gradcheck.Input{{Name: "x", Data: []float64{1, 2}, Dims: []int{2}}}
	if _, err := gradcheck.Check(backend, notScalar, vector, gradcheck.Options{}); err == nil ||
		!strings.Contains(err.Error(), "scalar") {
		t.Errorf("non-scalar loss: got error %v", err)
	}
}
