package bench

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func newOurs(t *testing.T) backends.Backend {
	t.Helper()
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Finalize)
	return b
}

// TestOpBuildersShapes builds every op's forward graph (without running it) and checks its
// output shape.
func TestOpBuildersShapes(t *testing.T) {
	b := newOurs(t)
	for _, spec := range allOps() {
		t.Run(spec.name, func(t *testing.T) {
			ctx := context.New()
			g := graph.NewGraph(b, spec.name)
			defer g.Finalize()
			ctx.SetTraining(g, true)
			var y *graph.Node
			if spec.layer != nil {
				x := graph.Parameter(g, "x", shapes.Make(dtypes.Float32, imageDims(imageSize, channels)...))
				y = spec.layer(ctx, x)
			} else {
				in := shapes.Make(dtypes.Float32, imageDims(imageSize, channels)...)
				alpha := graph.Parameter(g, "alpha", shapes.Make(dtypes.Float32, cellEdges, 8))
				y = searchCell(ctx, graph.Parameter(g, "s0", in), graph.Parameter(g, "s1", in), alpha)
			}
			if !slices.Equal(y.Shape().Dimensions, spec.outDims) {
				t.Errorf("output %s, want dims %v", y.Shape(), spec.outDims)
			}
			if y.DType() != dtypes.Float32 {
				t.Errorf("output dtype %s, want float32", y.DType())
			}
		})
	}
}

// TestOpTableOursOnly runs (in table order) the cheap ops' forward+backward graphs once on darts-cpu, which also
// checks the gradient graphs build and execute.
func TestOpTableOursOnly(t *testing.T) {
	cheap := []string{"conv_1x1", "dw_conv_3x3_d2", "avg_pool_3x3", "max_pool_3x3_s2", "factorized_reduce", "batch_norm_train"}
	rows, err := OpTable(OpBenchConfig{Ops: cheap, Stock: "-", Runs: 1, MinTime: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(cheap) {
		t.Fatalf("%d rows, want %d", len(rows), len(cheap))
	}
	for i, r := range rows {
		if r.Op != cheap[i] || r.Ours.Runs != 1 || r.Ours.Median <= 0 || !r.StockSkipped {
			t.Errorf("row %d: %+v", i, r)
		}
	}
}

func TestSelectOpsUnknown(t *testing.T) {
	_, err := selectOps([]string{"conv_3x3", "conv_9x9"})
	if err == nil || !strings.Contains(err.Error(), `"conv_9x9"`) {
		t.Errorf("got %v, want an error naming conv_9x9", err)
	}
	specs, err := selectOps([]string{"search_cell_step", "conv_3x3"})
	if err != nil || len(specs) != 2 || specs[0].name != "conv_3x3" {
		t.Errorf("got %d specs, %v; want conv_3x3 then search_cell_step", len(specs), err)
	}
}

// TestOpNamesCoverIssue checks the table has the rows the issue asks for, once each.
func TestOpNamesCoverIssue(t *testing.T) {
	want := []string{"conv_1x1", "conv_3x3", "conv_5x5", "conv_3x3_s2",
		"dw_conv_3x3_d1", "dw_conv_3x3_d2", "dw_conv_5x5_d1", "dw_conv_5x5_d2",
		"max_pool_3x3", "avg_pool_3x3", "max_pool_3x3_s2", "avg_pool_3x3_s2",
		"factorized_reduce", "batch_norm_train", "sep_conv_3x3", "search_cell_step"}
	got := OpNames()
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("OpNames %v, want %v", got, want)
	}
}

func TestConvFlops(t *testing.T) {
	// Dense 3×3, 16→16, 32×32, batch 16: 37.7M multiply-adds forward, ×2 flops, ×3 passes.
	if got, want := convFlops(32, 16, 16, 3), 3*2*37748736.0; got != want {
		t.Errorf("convFlops = %g, want %g", got, want)
	}
}
