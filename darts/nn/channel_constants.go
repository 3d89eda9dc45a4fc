package nn

import (
	"runtime"
	"sync"
	"weak"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// The non-affine batch norms of a search network (hundreds per graph, a few channel counts) all
// hand the backend op a scale of ones and an offset of zeros. GoMLX makes a new broadcast for
// every graph.Ones/Zeros call; channelConstant shares one per graph, dtype, size and value, so
// a graph's program holds a handful instead of two per batch norm. GoMLX's autodiff sums the
// backend op's scale and offset gradients at each input node, so a node shared by hundreds of
// batch norms would collect hundreds of dead Adds: on XLA the batch norm's gradient drops them
// (batchNormTrainingGradient, under nn.Gradient); elsewhere each use gets its own StopGradient of
// the shared vector (an Identity, a GoMLX node that emits no StableHLO op), the graph darts-cpu
// has always compiled.

type channelConstantKey struct {
	g     weak.Pointer[graph.Graph]
	dtype dtypes.DType
	size  int
	one   bool
}

// channelConstants maps a key to its node, weakly: a node references its graph, so a strong
// reference here would keep every graph alive. Entries go when their graph is collected.
var channelConstants sync.Map // channelConstantKey → weak.Pointer[graph.Node]

// channelConstant returns the [size] vector of ones (one) or zeros of g in dtype.
func channelConstant(g *graph.Graph, dtype dtypes.DType, size int, one bool) *graph.Node {
	shared := sharedChannelConstant(g, dtype, size, one)
	if g.Backend().Name() == "xla" {
		return shared
	}
	return graph.StopGradient(shared)
}

func sharedChannelConstant(g *graph.Graph, dtype dtypes.DType, size int, one bool) *graph.Node {
	key := channelConstantKey{g: weak.Make(g), dtype: dtype, size: size, one: one}
	if v, ok := channelConstants.Load(key); ok {
		if n := v.(weak.Pointer[graph.Node]).Value(); n != nil {
			return n
		}
	}
	shape := shapes.Make(dtype, size)
	n := graph.Zeros(g, shape)
	if one {
		n = graph.Ones(g, shape)
	}
	if _, loaded := channelConstants.Swap(key, weak.Make(n)); !loaded {
		runtime.AddCleanup(g, func(k channelConstantKey) { channelConstants.Delete(k) }, key)
	}
	return n
}
