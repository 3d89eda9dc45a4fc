package train

import (
	"fmt"
	"math"
)

// FinalAccuracies reads the last epoch's test accuracy of each training run directory.
func FinalAccuracies(dirs ...string) ([]float64, error) {
	accs := make([]float64, len(dirs))
	for i, dir := range dirs {
		recs, err := ReadMetrics(dir)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("train: %s: no finished epoch", dir)
		}
		accs[i] = recs[len(recs)-1].TestAcc
	}
	return accs, nil
}

// MeanStd is the mean and the sample standard deviation (n−1; 0 for one value) of v, the way
// the paper reports repeated trainings ("2.76 ± 0.09 %").
func MeanStd(v []float64) (mean, std float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) < 2 {
		return mean, 0
	}
	for _, x := range v {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(v)-1))
}
