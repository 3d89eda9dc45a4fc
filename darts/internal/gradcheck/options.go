package gradcheck

import "math"

// Options tune Check. Zero fields take the defaults below.
type Options struct {
	// Step is the relative finite-difference step: an element x is moved to x ± Step·max(1, |x|).
	//
	// Default: ∛ε ≈ 6.06e-6 for float64. A central difference has truncation error ≈ h²·|f'''|/6
	// and rounding error ≈ ε·|f|/h; their sum is smallest for h ≈ ∛(3ε·|f|/|f'''|), i.e. ∛ε on
	// the scale of the values (Numerical Recipes §5.7). Smaller steps would also lower the odds of
	// straddling a kink (ReLU, max), but rounding noise grows as 1/h, and the losses under test
	// sum hundreds of terms, whose rounding (not just ε·|f|) is what the step must dominate.
	Step float64

	// Tolerance is the largest acceptable relative error. Default 1e-4: with the default step a
	// correct gradient shows errors around 1e-7 or less, whereas the bugs this catches (a
	// transposed or shifted kernel, a missing term, a wrong scale) show errors of order 1e-2 to 1.
	Tolerance float64

	// FloorFraction and AbsFloor set the smallest magnitude an element's error is measured
	// against: an element's relative error is |a−n| / max(|a|, |n|, FloorFraction·G, AbsFloor),
	// where G is the input's largest |gradient|. Without a floor, gradient elements that are
	// zero up to rounding (e.g. a padded border, or terms cancelling out) would report huge
	// relative errors from finite-difference noise alone. Defaults 1e-2 and 1e-4.
	FloorFraction float64
	AbsFloor      float64

	// MaxElements, when positive, caps how many elements of each input are perturbed (two loss
	// evaluations each); a larger input is checked on a fixed pseudo-random subset. Default 0: all.
	MaxElements int
}

const (
	defaultTolerance     = 1e-4
	defaultFloorFraction = 1e-2
	defaultAbsFloor      = 1e-4
)

// defaultStep is the cube root of float64's machine epsilon (see Options.Step).
var defaultStep = math.Cbrt(0x1p-52)

func (o Options) withDefaults() Options {
	if o.Step <= 0 {
		o.Step = defaultStep
	}
	if o.Tolerance <= 0 {
		o.Tolerance = defaultTolerance
	}
	if o.FloorFraction <= 0 {
		o.FloorFraction = defaultFloorFraction
	}
	if o.AbsFloor <= 0 {
		o.AbsFloor = defaultAbsFloor
	}
	return o
}
