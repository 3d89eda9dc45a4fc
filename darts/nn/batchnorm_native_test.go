package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestBatchNormNativeMatchesPlain runs the backend-op paths and the plain-ops paths on the same
// inputs and compares outputs and the gradients of a weighted loss of y.
func TestBatchNormNativeMatchesPlain(t *testing.T) {
	backend := testBackend(t)
	requireOps(t, backend, backends.OpTypeBatchNormForTraining, backends.OpTypeBatchNormForInference)
	rng := rand.New(rand.NewPCG(41, 42))
	x := randomTensor4(rng, 3, 4, 5, 3)
	for i := range x.data {
		x.data[i] = 3*x.data[i] + 10*float64(i%3) // channel means 0, 10, 20
	}
	gamma, beta := randomVector(rng, 3), randomVector(rng, 3)
	mean, variance := randomVector(rng, 3), []float64{0.5, 1.5, 3}
	type trainFn func(x, gamma, beta *graph.Node, eps float64) (y, mean, varUnbiased *graph.Node)
	type inferFn func(x, mean, variance, gamma, beta *graph.Node, eps float64) *graph.Node
	for _, affine := range []bool{true, false} {
		train := func(fn trainFn) [][]float64 {
			outs, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
				g, b := in[1], in[2]
				wrt := []*graph.Node{in[0], g, b}
				if !affine {
					g, b, wrt = nil, nil, wrt[:1]
				}
				y, m, v := fn(in[0], g, b, testEps)
				return append([]*graph.Node{y, m, v}, graph.Gradient(weightedLoss(y), wrt...)...)
			}, x.tensor(), tensors.FromValue(gamma), tensors.FromValue(beta))
			return outs
		}
		infer := func(fn inferFn) [][]float64 {
			outs, _ := execute(t, backend, func(in []*graph.Node) []*graph.Node {
				g, b := in[3], in[4]
				wrt := []*graph.Node{in[0], in[1], in[2], g, b}
				if !affine {
					g, b, wrt = nil, nil, wrt[:3]
				}
				y := fn(in[0], in[1], in[2], g, b, testEps)
				return append([]*graph.Node{y}, graph.Gradient(weightedLoss(y), wrt...)...)
			}, x.tensor(), tensors.FromValue(mean), tensors.FromValue(variance), tensors.FromValue(gamma),
				tensors.FromValue(beta))
			return outs
		}
		trainNames := []string{"y", "mean", "unbiased variance", "dx", "dgamma", "dbeta"}
		// The backend op's path (this backend has it) through BatchNormTrainBiased, its biased
		// variance times the factor it returns.
		nativeUnbiased := func(x, gamma, beta *graph.Node, eps float64) (y, mean, varUnbiased *graph.Node) {
			y, mean, variance, unbias := BatchNormTrainBiased(x, gamma, beta, eps)
			return y, mean, graph.MulScalar(variance, unbias)
		}
		native, plain := train(nativeUnbiased), train(batchNormTrainPlain)
		for i := range native {
			assertClose(t, "train "+trainNames[i], native[i], plain[i], 1e-9)
		}
		inferNames := []string{"y", "dx", "dmean", "dvariance", "dgamma", "dbeta"}
		native, plain = infer(batchNormInferNative), infer(batchNormInferPlain)
		for i := range native {
			assertClose(t, "infer "+inferNames[i], native[i], plain[i], 1e-9)
		}
	}
}

// TestBatchNormInferGradients checks BatchNormInfer's gradients (hand-written on the backend-op
// path, see batchNormInferNative) against finite differences, for every input.
func TestBatchNormInferGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	x := randomTensor4(rng, 2, 3, 4, 3)
	mean, variance := randomVector(rng, 3), randomVector(rng, 3)
	for i := range variance {
		variance[i] = 0.5 + variance[i]*variance[i]
	}
	t.Run("affine", func(t *testing.T) {
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			return BatchNormInfer(in[0], in[1], in[2], in[3], in[4], testEps)
		}, input4("x", x), inputVector("mean", mean), inputVector("variance", variance),
			inputVector("gamma", randomVector(rng, 3)), inputVector("beta", randomVector(rng, 3)))
	})
	t.Run("no affine", func(t *testing.T) {
		requireGradients(t, func(in []*graph.Node) *graph.Node {
			return BatchNormInfer(in[0], in[1], in[2], nil, nil, testEps)
		}, input4("x", x), inputVector("mean", mean), inputVector("variance", variance))
	})
}

// BenchmarkBatchNormTrainStep times batch norm forward + backward (gradients of a weighted sum of
// y with respect to x, gamma and beta) on a DARTS-sized NHWC [16, 32, 32, 16] float32 activation,
// on the test backend (darts-cpu unless DARTS_TEST_BACKEND says otherwise): the backend-op path
// against the plain-ops path.
func BenchmarkBatchNormTrainStep(b *testing.B) {
	backend := testBackend(b)
	rng := rand.New(rand.NewPCG(45, 46))
	dims := []int{16, 32, 32, 16}
	flat := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	size := shapes.Make(dtypes.Float32, dims...).Size()
	x := tensors.FromFlatDataAndDimensions(flat(size), dims...)
	w := tensors.FromFlatDataAndDimensions(flat(size), dims...)
	gamma, beta := tensors.FromFlatDataAndDimensions(flat(16), 16), tensors.FromFlatDataAndDimensions(flat(16), 16)
	for _, tc := range []struct {
		name string
		fn   func(x, gamma, beta *graph.Node, eps float64) (y, mean, varUnbiased *graph.Node)
	}{{"native", batchNormTrainNative}, {"plain", batchNormTrainPlain}} {
		b.Run(tc.name, func(b *testing.B) {
			if tc.name == "native" && !backend.Capabilities().Operations[backends.OpTypeBatchNormForTraining] {
				b.Skipf("backend %s lacks BatchNormForTraining", backend.Name())
			}
			exec, err := graph.NewExec(backend, func(x, w, gamma, beta *graph.Node) []*graph.Node {
				y, _, _ := tc.fn(x, gamma, beta, testEps)
				return append([]*graph.Node{y}, graph.Gradient(graph.ReduceAllSum(graph.Mul(y, w)), x, gamma, beta)...)
			})
			if err != nil {
				b.Fatal(err)
			}
			defer exec.Finalize()
			run := func() {
				outs, err := exec.Exec(x, w, gamma, beta)
				if err != nil {
					b.Fatal(err)
				}
				for _, o := range outs {
					o.FinalizeAll()
				}
			}
			run() // compile outside the timing
			b.ResetTimer()
			for b.Loop() {
				run()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}
