package genotype

import (
	"math"
)

// softmaxRow computes softmax(row) in float32 the way PyTorch's CPU kernel does for the last
// dimension: subtract the row maximum (so exp never overflows), exponentiate, and divide by the
// sum. Staying in float32 matters: the reference ranks edges on float32 probabilities, and
// float64 arithmetic would separate values that float32 rounds to a tie (and the reference breaks
// ties by position), so a float64 derivation can disagree with the published genotype.
func softmaxRow(row []float32) []float32 {
	out := make([]float32, len(row))
	if len(row) == 0 {
		return out
	}
	maxLogit := row[0]
	for _, x := range row[1:] {
		if x > maxLogit {
			maxLogit = x
		}
	}
	var sum float32
	for i, x := range row {
		// exp is evaluated in float64 and rounded once, which is what a correctly rounded
		// float32 exp returns.
		out[i] = float32(math.Exp(float64(x - maxLogit)))
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// softmaxRows applies softmaxRow to every row.
func softmaxRows(alpha [][]float32) [][]float32 {
	probs := make([][]float32, len(alpha))
	for i, row := range alpha {
		probs[i] = softmaxRow(row)
	}
	return probs
}

// Softmax is softmax(x) in float64, shifted by the maximum so exp never overflows: for the
// weights that enter a derivation as given (PC-DARTS's edge weights β) and for synthetic runs.
func Softmax(x []float64) []float64 {
	m := x[0]
	for _, v := range x {
		m = math.Max(m, v)
	}
	out := make([]float64, len(x))
	sum := 0.0
	for i, v := range x {
		out[i] = math.Exp(v - m)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
