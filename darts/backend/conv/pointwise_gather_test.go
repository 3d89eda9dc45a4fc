package conv

import (
	"math/rand/v2"
	"testing"
)

// TestOneByOne: 1×1 convolutions with random strides, paddings (cropping too) and input
// dilations in 1 to 3 dims, through Conv and the gather path directly, against the reference;
// TestMedium adds one large enough to split into chunks on several goroutines.
func TestOneByOne(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	for i := 0; i < 800; i++ {
		p := randParams(r, anyConv)
		p.FeatureGroups, p.BatchGroups = 1, 1
		p.InChannels, p.OutChannels = 1+r.IntN(9), 1+r.IntN(9)
		for d := range p.KernelSpatial {
			p.KernelSpatial[d] = 1
		}
		if !newGeometry(p).isOneByOne() {
			t.Fatalf("%s: not isOneByOne", describe(p))
		}
		checkAgainstRef(t, r, p, "Conv", Conv[float32])
		checkAgainstRef(t, r, p, "oneByOne", forcePath(convOneByOne[float32]))
		checkAgainstRef(t, r, p, "oneByOne", forcePath(convOneByOne[float64]))
	}
}
