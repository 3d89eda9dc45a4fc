package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// TestDepthwiseBFloat16MatchesFloat32: in bfloat16 (mixed-precision searches) the depthwise
// convolution and both its gradients must equal the float32 ones up to bfloat16 rounding of the
// operands and results (relative error well under 2%). GoMLX v0.26's pure-Go bfloat16
// batch-grouped convolution got the filter gradient wrong (errors of 100%); darts-cpu runs half
// precision convolutions in float32.
func TestDepthwiseBFloat16MatchesFloat32(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	rng := rand.New(rand.NewPCG(1, 2))
	x, w, v := randomTensor4(rng, 4, 8, 8, 6), randomTensor4(rng, 3, 3, 1, 6), randomTensor4(rng, 4, 8, 8, 6)
	for _, stride := range []int{1, 2} {
		results := map[dtypes.DType][][]float64{}
		for _, dt := range []dtypes.DType{dtypes.Float32, dtypes.BFloat16} {
			results[dt], _ = execute(t, b, func(in []*graph.Node) []*graph.Node {
				x, w := graph.ConvertDType(in[0], dt), graph.ConvertDType(in[1], dt)
				y := DepthwiseConv2D(x, w, stride, 1, 1)
				n := y.Shape().Dimensions[1]
				v := graph.Slice(graph.ConvertDType(in[2], dt), graph.AxisRange(), graph.AxisRange(0, n), graph.AxisRange(0, n))
				loss := graph.ReduceAllSum(graph.ConvertDType(graph.Mul(y, v), dtypes.Float32))
				return append([]*graph.Node{y}, graph.Gradient(loss, x, w)...)
			}, x.tensor(), w.tensor(), v.tensor())
		}
		for i, name := range []string{"output", "input gradient", "filter gradient"} {
			want, got := results[dtypes.Float32][i], results[dtypes.BFloat16][i]
			var diff, norm float64
			for j := range want {
				diff += math.Pow(got[j]-want[j], 2)
				norm += math.Pow(want[j], 2)
			}
			if rel := math.Sqrt(diff / norm); rel > 0.02 {
				t.Errorf("stride %d: bfloat16 %s off by %.3g (relative norm of the difference), want < 0.02", stride, name, rel)
			}
		}
	}
}
