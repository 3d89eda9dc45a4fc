package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/dartsml/godarts/darts/internal/gradcheck"
)

const testEps = 1e-5

func TestBatchNormTrainMatchesReference(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(21, 22))
	x := randomTensor4(rng, 3, 4, 5, 3)
	for i := range x.data {
		x.data[i] = 2*x.data[i] + float64(i%3) // Channels with different means and spreads.
	}
	gamma, beta := randomVector(rng, 3), randomVector(rng, 3)
	for _, affine := range []bool{true, false} {
		outs, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
			g, b := in[1], in[2]
			if !affine {
				g, b = nil, nil
			}
			y, mean, varUnbiased := BatchNormTrain(in[0], g, b, testEps)
			return []*graph.Node{y, mean, varUnbiased}
		}, x.tensor(), tensors.FromValue(gamma), tensors.FromValue(beta))
		var wantY *tensor4
		var wantMean, wantVar []float64
		if affine {
			wantY, wantMean, wantVar = refBatchNorm(x, gamma, beta, testEps)
		} else {
			wantY, wantMean, wantVar = refBatchNorm(x, nil, nil, testEps)
		}
		assertClose(t, "y", outs[0], wantY.data, 1e-12)
		assertClose(t, "mean", outs[1], wantMean, 1e-12)
		assertClose(t, "unbiased variance", outs[2], wantVar, 1e-12)
	}
}

func TestBatchNormInfer(t *testing.T) {
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(23, 24))
	x := randomTensor4(rng, 2, 3, 3, 2)
	mean, variance := []float64{0.5, -0.25}, []float64{2, 0.5}
	gamma, beta := []float64{1.5, -1}, []float64{0.1, 0.2}
	got, _ := execute1(t, backend, func(in []*graph.Node) *graph.Node {
		return BatchNormInfer(in[0], in[1], in[2], in[3], in[4], testEps)
	}, x.tensor(), tensors.FromValue(mean), tensors.FromValue(variance), tensors.FromValue(gamma), tensors.FromValue(beta))
	want := make([]float64, len(x.data))
	for i, v := range x.data {
		c := i % 2
		want[i] = (v-mean[c])/math.Sqrt(variance[c]+testEps)*gamma[c] + beta[c]
	}
	assertClose(t, "BatchNormInfer", got, want, 1e-12)
}

// TestBatchNormTrainGradients weights the loss irregularly: with a plain sum, the gradient
// w.r.t. x through the batch statistics would be exactly zero and prove nothing.
func TestBatchNormTrainGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	x := randomTensor4(rng, 2, 3, 4, 3)
	t.Run("affine", func(t *testing.T) {
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			y, _, _ := BatchNormTrain(in[0], in[1], in[2], testEps)
			return y
		}, input4("x", x), inputVector("gamma", randomVector(rng, 3)), inputVector("beta", randomVector(rng, 3)))
	})
	t.Run("no affine", func(t *testing.T) {
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			y, _, _ := BatchNormTrain(in[0], nil, nil, testEps)
			return y
		}, input4("x", x))
	})
	t.Run("plain statistics", func(t *testing.T) {
		// The plain-ops path's statistics are differentiable (BatchNormTrain stops them, see
		// TestBatchNormTrainStatisticsCarryNoGradient).
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			_, mean, varUnbiased := batchNormTrainPlain(in[0], nil, nil, testEps)
			return graph.Concatenate([]*graph.Node{mean, varUnbiased}, 0)
		}, input4("x", x))
	})
}

// TestBatchNormTrainStatisticsCarryNoGradient: the returned statistics are for running averages;
// their gradient is zero on every backend (the backend op's autodiff would silently drop it).
func TestBatchNormTrainStatisticsCarryNoGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	x := randomTensor4(rng, 2, 3, 4, 3)
	grad, _ := execute1(t, testBackend(t), func(in []*graph.Node) *graph.Node {
		_, mean, varUnbiased := BatchNormTrain(in[0], nil, nil, testEps)
		return graph.Gradient(weightedLoss(graph.Concatenate([]*graph.Node{mean, varUnbiased}, 0)), in[0])[0]
	}, x.tensor())
	assertClose(t, "gradient through the statistics", grad, make([]float64, len(x.data)), 0)
}

// TestBatchNormGradientCheckHasTeeth shows the test above would catch statistics whose gradient
// is stopped (as in GoMLX's batchnorm layer): the weighted loss makes that path matter.
func TestBatchNormGradientCheckHasTeeth(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	x := randomTensor4(rng, 2, 3, 4, 3)
	report, err := gradcheck.Check(testBackend(t), func(in []*graph.Node) *graph.Node {
		mean := graph.StopGradient(graph.ReduceAndKeep(in[0], graph.ReduceMean, 0, 1, 2))
		centred := graph.Sub(in[0], mean)
		variance := graph.StopGradient(graph.ReduceAndKeep(graph.Square(centred), graph.ReduceMean, 0, 1, 2))
		return weightedLoss(graph.Mul(centred, inverseStdDev(variance, testEps)))
	}, []gradcheck.Input{input4("x", x)}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Err() == nil {
		t.Fatalf("stopped statistics passed the gradient check:\n%s", report)
	}
}
