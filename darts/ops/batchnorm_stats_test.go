package ops

import (
	"math"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/internal/asxla"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestBatchNormRunningStatsArePyTorchs: three training steps of BatchNorm on [2, 1, 1, 2] inputs
// (two values per channel, so the unbiased variance is twice the biased one) leave PyTorch's
// running statistics (momentum 0.1, running_var from the unbiased variance), on darts-cpu's graph
// and on XLA's, which folds count/(count−1) into the momentum (run here on darts-cpu under XLA's
// name). The numbers are torch 1.13's nn.BatchNorm2d(2, affine=False) on the same inputs.
func TestBatchNormRunningStatsArePyTorchs(t *testing.T) {
	inputs := [][]float32{{1, 10, 3, -2}, {0.5, 4, -1, 7}, {2, 2, 5, 1}} // NHWC: image 0's two channels, then image 1's
	wantMean := []float64{0.4894999861717224, 0.968999981880188}
	wantVar := []float64{1.4422500133514404, 7.015999794006348}
	cpu, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	xla, err := asxla.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []backends.Backend{cpu, xla} {
		ctx := context.New()
		exec := context.MustNewExec(b, ctx, func(ctx *context.Context, x *graph.Node) *graph.Node {
			ctx.SetTraining(x.Graph(), true)
			return BatchNorm(ctx, x, false)
		})
		for _, in := range inputs {
			exec.MustExec(tensors.FromFlatDataAndDimensions(in, 2, 1, 1, 2))
		}
		for name, want := range map[string][]float64{"running_mean": wantMean, "running_var": wantVar} {
			v := ctx.GetVariableByScopeAndName("/batchnorm", name)
			if v == nil {
				t.Fatalf("%s: no variable /batchnorm/%s", b.Name(), name)
			}
			got := tensors.MustCopyFlatData[float32](v.MustValue())
			for c := range want {
				if math.Abs(float64(got[c])-want[c]) > 1e-6*max(1, want[c]) {
					t.Errorf("%s: %s = %v, PyTorch's %v", b.Name(), name, got, want)
					break
				}
			}
		}
	}
}
