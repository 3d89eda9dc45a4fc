package dataset

import "fmt"

// Norm is a per-channel normalisation x' = (x/255 - Mean[c]) / Std[c], with x the raw byte.
type Norm struct {
	Mean, Std []float32
}

// CIFAR10Norm holds the CIFAR-10 training-set channel statistics (R, G, B) used by the DARTS
// reference code (utils._data_transforms_cifar10).
var CIFAR10Norm = Norm{
	Mean: []float32{0.49139968, 0.48215827, 0.44653124},
	Std:  []float32{0.24703233, 0.24348505, 0.26158768},
}

// Identity is the normalisation x' = x/255 for any number of channels up to 4.
var Identity = Norm{Mean: []float32{0, 0, 0, 0}, Std: []float32{1, 1, 1, 1}}

// check reports whether n can normalise images with c channels. A Norm with more entries than
// channels is accepted (Identity serves 1 to 4 channels); fewer is a caller bug worth an error.
func (n Norm) check(c int) error {
	if len(n.Mean) < c || len(n.Std) < c {
		return fmt.Errorf("dataset: norm has %d means and %d stds for %d channels", len(n.Mean), len(n.Std), c)
	}
	for i := 0; i < c; i++ {
		if !(n.Std[i] > 0) {
			return fmt.Errorf("dataset: norm std[%d] = %v, want > 0", i, n.Std[i])
		}
	}
	return nil
}

// Apply returns the normalised value of raw byte v in channel c.
func (n Norm) Apply(c int, v uint8) float32 {
	return (float32(v)/255 - n.Mean[c]) / n.Std[c]
}

// lut builds one 256-entry table per channel, so converting a pixel is one indexed load.
func (n Norm) lut(c int) [][256]float32 {
	t := make([][256]float32, c)
	for ch := range t {
		for v := 0; v < 256; v++ {
			t[ch][v] = n.Apply(ch, uint8(v))
		}
	}
	return t
}
