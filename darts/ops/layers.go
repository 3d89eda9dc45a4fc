package ops

import (
	"math"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// DType of every parameter (the master copy the optimisers update). A network may compute in a
// narrower float type (see Compute): each layer then reads its weights converted to the dtype of
// its input, and autodiff converts their gradients back to DType.
var DType = dtypes.Float32

// Compute converts x to the compute dtype dt (a no-op when it already is): at a network's input,
// this is what switches the layers after it to mixed precision.
func Compute(x *graph.Node, dt dtypes.DType) *graph.Node {
	if dt == dtypes.InvalidDType || x.DType() == dt {
		return x
	}
	return graph.ConvertDType(x, dt)
}

// BatchNormMomentum and BatchNormEpsilon are PyTorch's defaults.
const (
	BatchNormMomentum = 0.1
	BatchNormEpsilon  = 1e-5
)

// uniformWeight creates (or reuses) a weight initialised like PyTorch's default for convolutions
// and linear layers: U(-1/√fanIn, 1/√fanIn), which is kaiming_uniform with a=√5. It returns the
// weight in the dtype of x, the input of the layer that uses it (see Compute).
func uniformWeight(ctx *context.Context, x *graph.Node, name string, fanIn int, dims ...int) *graph.Node {
	return Compute(uniformVariable(ctx, name, fanIn, dims...).ValueGraph(x.Graph()), x.DType())
}

// uniformVariable is uniformWeight's variable.
func uniformVariable(ctx *context.Context, name string, fanIn int, dims ...int) *context.Variable {
	bound := 1 / math.Sqrt(float64(fanIn))
	return ctx.WithInitializer(initializers.RandomUniformFn(ctx, -bound, bound)).
		VariableWithShape(name, shapes.Make(DType, dims...))
}

// Conv is a bias-free k×k convolution (PyTorch nn.Conv2d(bias=False)) with symmetric padding.
func Conv(ctx *context.Context, x *graph.Node, cOut, k, stride, padding, dilation int) *graph.Node {
	cIn := x.Shape().Dimensions[3]
	w := uniformWeight(ctx, x, "weights", cIn*k*k, k, k, cIn, cOut)
	return nn.Conv2D(x, w, stride, dilation, padding)
}

// DepthwiseConv is a k×k convolution with groups = channels (PyTorch groups=C_in).
func DepthwiseConv(ctx *context.Context, x *graph.Node, k, stride, padding, dilation int) *graph.Node {
	c := x.Shape().Dimensions[3]
	w := uniformWeight(ctx, x, "weights", k*k, k, k, 1, c)
	return nn.DepthwiseConv2D(x, w, stride, dilation, padding)
}

// Linear is PyTorch's nn.Linear: x [N, in] → [N, out], weight and bias U(-1/√in, 1/√in). Its
// gradients are matrix products (nn.MatMul), not GoMLX's broadcast-and-sum Dot gradient.
func Linear(ctx *context.Context, x *graph.Node, out int) *graph.Node {
	in := x.Shape().Dimensions[1]
	w := uniformWeight(ctx, x, "weights", in, in, out)
	b := uniformWeight(ctx, x, "biases", in, out)
	return graph.Add(nn.MatMul(x, w), graph.ExpandAxes(b, 0))
}

// BatchNorm is PyTorch's nn.BatchNorm2d over the channel axis of an NHWC tensor: training graphs
// normalise with batch statistics (gradients flow through them) and update the running mean and
// unbiased running variance with momentum 0.1; other graphs use the running statistics. Affine
// adds the learnable scale (init 1) and shift (init 0).
//
// An input narrower than DType is normalised in DType and the result converted back (statistics
// in bfloat16 would lose most of their digits), as mixed-precision training does everywhere.
func BatchNorm(ctx *context.Context, x *graph.Node, affine bool) *graph.Node {
	if x.DType() != DType {
		return Compute(BatchNorm(ctx, Compute(x, DType), affine), x.DType())
	}
	ctx = ctx.In("batchnorm")
	g := x.Graph()
	c := x.Shape().Dimensions[x.Rank()-1]
	var gamma, beta *graph.Node
	if affine {
		gamma = ctx.WithInitializer(initializers.One).VariableWithShape("gamma", shapes.Make(DType, c)).ValueGraph(g)
		beta = ctx.WithInitializer(initializers.Zero).VariableWithShape("beta", shapes.Make(DType, c)).ValueGraph(g)
	}
	stats := newRunningStats(ctx, c)
	if !ctx.IsTraining(g) {
		return nn.BatchNormInfer(x, stats.mean.ValueGraph(g), stats.variance.ValueGraph(g), gamma, beta, BatchNormEpsilon)
	}
	return batchNormTrain(ctx, x, gamma, beta, []runningStats{stats})
}

// runningStats are a batch norm's running mean and unbiased running variance.
type runningStats struct{ mean, variance *context.Variable }

// newRunningStats creates (or reuses) the running statistics of c channels under ctx (the
// batch norm's scope).
func newRunningStats(ctx *context.Context, c int) runningStats {
	return runningStats{
		mean:     ctx.WithInitializer(initializers.Zero).VariableWithShape("running_mean", shapes.Make(DType, c)).SetTrainable(false),
		variance: ctx.WithInitializer(initializers.One).VariableWithShape("running_var", shapes.Make(DType, c)).SetTrainable(false),
	}
}

// batchNormTrain is BatchNorm's training path: x normalised with its batch statistics, which
// update every one of stats (when the graph updates them, see darts.ParamUpdateBatchNormStats).
func batchNormTrain(ctx *context.Context, x, gamma, beta *graph.Node, stats []runningStats) *graph.Node {
	g := x.Graph()
	if g.Backend().Name() == "xla" {
		return batchNormTrainFolded(ctx, x, gamma, beta, stats)
	}
	y, mean, variance := nn.BatchNormTrain(x, gamma, beta, BatchNormEpsilon)
	if context.GetGraphParamOr(ctx, g, darts.ParamUpdateBatchNormStats, true) {
		m := graph.Scalar(g, DType, BatchNormMomentum)
		keep := graph.Scalar(g, DType, 1-BatchNormMomentum)
		// mean and variance come gradient-stopped from nn.BatchNormTrain.
		for _, s := range stats {
			s.mean.SetValueGraph(graph.Add(graph.Mul(keep, s.mean.ValueGraph(g)), graph.Mul(m, mean)))
			s.variance.SetValueGraph(graph.Add(graph.Mul(keep, s.variance.ValueGraph(g)), graph.Mul(m, variance)))
		}
	}
	return y
}

// batchNormTrainFolded is BatchNorm's training path on XLA: the running variance's update
// multiplies the biased batch variance by momentum·count/(count−1), one constant, instead of
// making it unbiased first (nn.BatchNormTrainBiased): one graph node fewer per batch norm, and
// the product rounds once instead of twice (darts-cpu keeps its graph).
func batchNormTrainFolded(ctx *context.Context, x, gamma, beta *graph.Node, stats []runningStats) *graph.Node {
	g := x.Graph()
	y, mean, variance, unbias := nn.BatchNormTrainBiased(x, gamma, beta, BatchNormEpsilon)
	if context.GetGraphParamOr(ctx, g, darts.ParamUpdateBatchNormStats, true) {
		keep := graph.Scalar(g, DType, 1-BatchNormMomentum)
		for _, s := range stats {
			s.mean.SetValueGraph(graph.Add(graph.Mul(keep, s.mean.ValueGraph(g)), graph.MulScalar(mean, BatchNormMomentum)))
			s.variance.SetValueGraph(graph.Add(graph.Mul(keep, s.variance.ValueGraph(g)), graph.MulScalar(variance, BatchNormMomentum*unbias)))
		}
	}
	return y
}
