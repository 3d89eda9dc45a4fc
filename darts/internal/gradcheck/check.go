package gradcheck

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// LossFn builds a scalar loss from one float64 node per Input, in order.
type LossFn func(inputs []*graph.Node) *graph.Node

// Check compares graph.Gradient of loss with central finite differences for every non-constant
// input. The error is for failures to build or run the graphs; disagreement is in the Report
// (see Report.Err).
func Check(backend backends.Backend, loss LossFn, inputs []Input, opts Options) (report *Report, err error) {
	// Graph-building failures surface as panics, and GoMLX's Exec only turns some of them (those
	// carrying an error) into errors; the rest (e.g. the loss function's own) are caught here.
	defer func() {
		if r := recover(); r != nil {
			report, err = nil, fmt.Errorf("gradcheck: %v", r)
		}
	}()
	opts = opts.withDefaults()
	var differentiated []int
	for i, in := range inputs {
		if err := in.validate(i); err != nil {
			return nil, err
		}
		if !in.Constant {
			differentiated = append(differentiated, i)
		}
	}
	if len(differentiated) == 0 {
		return nil, fmt.Errorf("gradcheck: every input is constant, nothing to check")
	}

	lossAndGradients, err := analyticGradients(backend, loss, inputs, differentiated)
	if err != nil {
		return nil, err
	}
	eval, err := newLossEvaluator(backend, loss, inputs)
	if err != nil {
		return nil, err
	}
	defer eval.exec.Finalize()

	report = &Report{Loss: lossAndGradients[0][0], Tolerance: opts.Tolerance}
	for k, i := range differentiated {
		numeric, checked, err := eval.numericGradient(i, opts)
		if err != nil {
			return nil, err
		}
		report.Inputs = append(report.Inputs,
			compare(inputs[i], inputs[i].label(i), lossAndGradients[k+1], numeric, checked, opts))
	}
	return report, nil
}

// analyticGradients returns the loss followed by its gradient w.r.t. each differentiated input.
func analyticGradients(backend backends.Backend, loss LossFn, inputs []Input, differentiated []int) ([][]float64, error) {
	exec, err := graph.NewExec(backend, func(nodes []*graph.Node) []*graph.Node {
		l := scalarFloat64(loss(nodes))
		wrt := make([]*graph.Node, len(differentiated))
		for k, i := range differentiated {
			wrt[k] = nodes[i]
		}
		return append([]*graph.Node{l}, graph.Gradient(l, wrt...)...)
	})
	if err != nil {
		return nil, fmt.Errorf("gradcheck: building the gradient graph: %w", err)
	}
	defer exec.Finalize()
	args := make([]any, len(inputs))
	for i, in := range inputs {
		args[i] = in.tensor(in.Data)
	}
	results, err := exec.Exec(args...)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: computing analytic gradients: %w", err)
	}
	out := make([][]float64, len(results))
	for i, r := range results {
		if out[i], err = tensors.CopyFlatData[float64](r); err != nil {
			return nil, fmt.Errorf("gradcheck: reading result %d: %w", i, err)
		}
	}
	return out, nil
}

// lossEvaluator evaluates the loss repeatedly with one input perturbed; the graph is compiled
// once and the unperturbed inputs' tensors are reused.
type lossEvaluator struct {
	exec   *graph.Exec
	inputs []Input
	args   []any
}

func newLossEvaluator(backend backends.Backend, loss LossFn, inputs []Input) (*lossEvaluator, error) {
	exec, err := graph.NewExec(backend, func(nodes []*graph.Node) *graph.Node {
		return scalarFloat64(loss(nodes))
	})
	if err != nil {
		return nil, fmt.Errorf("gradcheck: building the loss graph: %w", err)
	}
	e := &lossEvaluator{exec: exec, inputs: inputs, args: make([]any, len(inputs))}
	for i, in := range inputs {
		e.args[i] = in.tensor(in.Data)
	}
	return e, nil
}

// lossWith evaluates the loss with input i replaced by data.
func (e *lossEvaluator) lossWith(i int, data []float64) (float64, error) {
	args := append([]any(nil), e.args...)
	args[i] = e.inputs[i].tensor(data)
	results, err := e.exec.Exec(args...)
	if err != nil {
		return 0, fmt.Errorf("gradcheck: evaluating the loss: %w", err)
	}
	return tensors.ToScalar[float64](results[0]), nil
}

// numericGradient returns central differences for input i (NaN where not checked) and the flat
// indices it checked.
func (e *lossEvaluator) numericGradient(i int, opts Options) ([]float64, []int, error) {
	in := e.inputs[i]
	grad := make([]float64, len(in.Data))
	for j := range grad {
		grad[j] = math.NaN()
	}
	data := append([]float64(nil), in.Data...)
	checked := elementsToCheck(len(data), opts.MaxElements)
	for _, j := range checked {
		x := in.Data[j]
		h := opts.Step * math.Max(1, math.Abs(x))
		// Divide by the step actually taken: x±h is rounded, and (x+h)-(x-h) is exact.
		xPlus, xMinus := x+h, x-h
		data[j] = xPlus
		fPlus, err := e.lossWith(i, data)
		if err != nil {
			return nil, nil, err
		}
		data[j] = xMinus
		fMinus, err := e.lossWith(i, data)
		if err != nil {
			return nil, nil, err
		}
		data[j] = x
		grad[j] = (fPlus - fMinus) / (xPlus - xMinus)
	}
	return grad, checked, nil
}

// elementsToCheck returns all flat indices, or a fixed pseudo-random subset of max of them.
func elementsToCheck(size, max int) []int {
	if max <= 0 || size <= max {
		all := make([]int, size)
		for j := range all {
			all[j] = j
		}
		return all
	}
	rng := rand.New(rand.NewPCG(uint64(size), uint64(max))) // Deterministic: failures reproduce.
	return rng.Perm(size)[:max]
}

// compare finds the element of one input with the largest relative error.
func compare(in Input, label string, analytic, numeric []float64, checked []int, opts Options) InputReport {
	largest := 0.0
	for _, j := range checked {
		largest = math.Max(largest, math.Max(math.Abs(analytic[j]), math.Abs(numeric[j])))
	}
	floor := math.Max(opts.FloorFraction*largest, opts.AbsFloor)
	report := InputReport{Input: label, Checked: len(checked), Worst: ElementReport{Flat: -1, RelErr: -1}}
	for _, j := range checked {
		a, n := analytic[j], numeric[j]
		relErr := math.Abs(a-n) / math.Max(math.Max(math.Abs(a), math.Abs(n)), floor)
		if math.IsNaN(relErr) {
			relErr = math.Inf(1) // A NaN gradient is always the worst.
		}
		if relErr > report.Worst.RelErr {
			report.Worst = ElementReport{Flat: j, Index: multiIndex(j, in.Dims), Analytic: a, Numeric: n, RelErr: relErr}
		}
	}
	return report
}

func scalarFloat64(loss *graph.Node) *graph.Node {
	if loss.Shape().Rank() != 0 {
		panic(fmt.Sprintf("gradcheck: the loss must be a scalar, got shape %s", loss.Shape()))
	}
	return graph.ConvertDType(loss, dtypes.Float64)
}
