package gradcheck

import (
	"errors"
	"fmt"
	"strings"
)

// Report holds, for every differentiated input, where analytic and numeric gradients disagree most.
type Report struct {
	Loss      float64 // The loss at the unperturbed inputs.
	Tolerance float64
	Inputs    []InputReport
}

// InputReport is the comparison for one differentiated input.
type InputReport struct {
	Input   string // The input's name (quoted) or "#i".
	Checked int    // How many elements were perturbed.
	Worst   ElementReport
}

// ElementReport describes one gradient element.
type ElementReport struct {
	Flat     int   // Row-major index.
	Index    []int // One index per dimension.
	Analytic float64
	Numeric  float64
	RelErr   float64
}

// OK reports whether every input's worst relative error is within the tolerance.
func (r *Report) OK() bool { return r.Err() == nil }

// Err is nil when every input passes; otherwise it describes each failing input's worst element.
func (r *Report) Err() error {
	var failures []string
	for _, in := range r.Inputs {
		if !(in.Worst.RelErr <= r.Tolerance) { // Written so that NaN fails.
			failures = append(failures, in.describe(r.Tolerance))
		}
	}
	if len(failures) == 0 {
		return nil
	}
	return errors.New("gradcheck: analytic and numeric gradients disagree:\n\t" +
		strings.Join(failures, "\n\t"))
}

// String lists every input's worst element, failing or not.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gradcheck: loss %.10g, tolerance %.1e", r.Loss, r.Tolerance)
	for _, in := range r.Inputs {
		b.WriteString("\n\t")
		b.WriteString(in.describe(r.Tolerance))
	}
	return b.String()
}

func (in InputReport) describe(tolerance float64) string {
	verdict := "ok"
	if !(in.Worst.RelErr <= tolerance) {
		verdict = "FAIL"
	}
	return fmt.Sprintf("%s input %s: worst of %d elements at %v (flat %d): analytic %.10g, numeric %.10g, "+
		"relative error %.2e", verdict, in.Input, in.Checked, in.Worst.Index, in.Worst.Flat,
		in.Worst.Analytic, in.Worst.Numeric, in.Worst.RelErr)
}
