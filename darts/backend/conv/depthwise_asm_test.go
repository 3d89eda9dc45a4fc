package conv

import (
	"math/rand/v2"
	"testing"
)

// TestDepthwiseWideChannels covers the channel counts of DARTS cells (36, 72, 144 and odd ones
// near them): the assembly's 32-channel blocks with 8-, 4- and 1-channel remainders, which the
// small random cases of TestDepthwise never reach. Strides, dilations, input dilation (the input
// gradient of a strided convolution) and paddings are random as there; the pure-Go loops run
// on the same cases.
func TestDepthwiseWideChannels(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	paths := map[string]func(*Params, []float32, []float32, []float32){
		"Conv": Conv[float32], "depthwise": forcePath(convDepthwise[float32]),
	}
	for i := 0; i < 150; i++ {
		p := randParams(r, depthwiseConv)
		c := []int{36, 72, 144, 33, 45, 63, 71}[r.IntN(7)]
		p.InChannels, p.FeatureGroups, p.OutChannels = c, c, c
		for name, fn := range paths {
			checkAgainstRef(t, r, p, name, fn)
		}
		if i%5 == 0 && useAVX2 {
			useAVX2 = false
			checkAgainstRef(t, r, p, "depthwise (pure Go)", forcePath(convDepthwise[float32]))
			useAVX2 = true
		}
	}
}
