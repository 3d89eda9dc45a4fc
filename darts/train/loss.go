package train

import (
	"math"

	"github.com/dartsml/godarts/darts/optim"
)

// cosineLR is the cosine schedule shared with the search.
func cosineLR(maxLR, minLR float64, epoch, epochs int) float64 {
	return optim.CosineLR(maxLR, minLR, epoch, epochs)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
