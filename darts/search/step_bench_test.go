package search

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dartsml/godarts/darts/architect"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

func syntheticBatch(rng *rand.Rand, batch int) (*tensors.Tensor, *tensors.Tensor) {
	x := make([]float32, batch*32*32*3)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]int32, batch)
	for i := range y {
		y[i] = int32(rng.IntN(10))
	}
	return tensors.FromFlatDataAndDimensions(x, batch, 32, 32, 3), tensors.FromFlatDataAndDimensions(y, batch)
}

func TestStepTiming(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	b, _ := backend.NewCPU("")
	for _, order := range []int{1} {
		s, err := NewSearcher(b, Config{C: 8, Layers: 5, NumClasses: 10}, architect.PaperConfig(order, ArchScope), 1)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		for i := 0; i < 3; i++ {
			x, y := syntheticBatch(rng, 16)
			xv, yv := syntheticBatch(rng, 16)
			start := time.Now()
			r, err := s.Step(x, y, xv, yv, 0.025)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("order %d step %d: %v %+v", order, i, time.Since(start), r)
			if i == 0 {
				backend.EnableProfile(true)
			}
		}
	}
	var buf strings.Builder
	backend.WriteProfile(&buf)
	backend.WriteSegmentOpCounts(&buf)
	t.Log("\n" + buf.String())
}
