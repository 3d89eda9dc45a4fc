package search

import (
	"fmt"
	"math"

	"github.com/dartsml/godarts/darts/run"
)

// EarlyStopFile is the run directory's record of an early stop (EarlyStop, JSON).
const EarlyStopFile = "early_stop.json"

// PaperEarlyStopThreshold is DARTS-ES's T (Zela et al. 2020, Section 4.3: k = 5, T = 0.75).
const PaperEarlyStopThreshold = 0.75

// EarlyStopRule is DARTS-ES (Zela et al., "Understanding and Robustifying Differentiable
// Architecture Search", ICLR 2020): with λ(i) the dominant eigenvalue of ∇²α L_val measured at
// epoch i and λ̄(i) its mean over the window of the k measurements ending at i, stop at i when
// λ̄(i−k)/λ̄(i) < T (the eigenvalue grew by more than 1/T, 1.33× for the paper's T = 0.75), and
// return the architecture of epoch i−k, the last epoch of the earlier window, where the
// eigenvalue had not yet started to rise. The paper averages over epochs with the eigenvalue
// computed every epoch; here the window is k measurements, one every RunConfig.HessianEvery
// epochs (the same thing when that is 1). The first test is possible after 2k measurements.
// Means that are not both positive never stop the search (the ratio means nothing there; the
// largest eigenvalue of a loss's Hessian near a minimum is positive).
type EarlyStopRule struct {
	Window    int     // k
	Threshold float64 // T
}

// EarlyStop records why and when a search stopped early. Its epochs count from 0 in Go and from
// the run's epoch base in early_stop.json (run.EpochBase: from 1 since runs record it, from 0 in
// older runs), as metrics.jsonl's do; ReadEarlyStop reads either.
type EarlyStop struct {
	Epoch         int     `json:"epoch"`          // the epoch (from 0) after which the search stopped
	ReturnedEpoch int     `json:"returned_epoch"` // the epoch (from 0) whose α the run returns
	Reason        string  `json:"reason"`
	Ratio         float64 `json:"ratio"` // λ̄(i−k)/λ̄(i)
	Window        int     `json:"window"`
	Threshold     float64 `json:"threshold"`
	Genotype      string  `json:"genotype"` // derived from the returned α
}

// Check applies the rule to the measurements so far (epochs and eigenvalues, oldest first); ok
// reports a stop, with the epoch to return.
func (r EarlyStopRule) Check(epochs []int, lambdas []float64) (stop EarlyStop, ok bool) {
	k, m := r.Window, len(lambdas)
	if k < 1 || m < 2*k {
		return EarlyStop{}, false
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	now, before := mean(lambdas[m-k:]), mean(lambdas[m-2*k:m-k])
	if !(now > 0 && before > 0) {
		return EarlyStop{}, false
	}
	ratio := before / now
	if ratio >= r.Threshold || math.IsNaN(ratio) {
		return EarlyStop{}, false
	}
	return EarlyStop{Epoch: epochs[m-1], ReturnedEpoch: epochs[m-1-k], Ratio: ratio, Window: k, Threshold: r.Threshold,
		Reason: fmt.Sprintf("DARTS-ES: mean eigenvalue of the last %d measurements %.4g is %.3g× the mean of the %d before (%.4g); ratio %.3f < T=%.3g",
			k, now, now/before, k, before, ratio, r.Threshold)}, true
}

func (c RunConfig) earlyStopRule() EarlyStopRule {
	t := c.EarlyStopThreshold
	if t == 0 {
		t = PaperEarlyStopThreshold
	}
	return EarlyStopRule{Window: c.EarlyStopWindow, Threshold: t}
}

// shifted is s with its epochs numbered from base, as early_stop.json stores them.
func (s EarlyStop) shifted(base int) EarlyStop {
	s.Epoch += base
	s.ReturnedEpoch += base
	return s
}

// ReadEarlyStop reads the early_stop.json of run directory dir, its epochs counted from 0
// whatever the run's epoch base.
func ReadEarlyStop(dir string) (*EarlyStop, error) {
	base, err := run.ReadEpochBase(dir)
	if err != nil {
		return nil, err
	}
	var s EarlyStop
	if err := (&run.Dir{Path: dir}).ReadJSON(EarlyStopFile, &s); err != nil {
		return nil, err
	}
	s = s.shifted(-base)
	return &s, nil
}
