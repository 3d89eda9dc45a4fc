package search

import (
	"math"
	"slices"
	"testing"

	"github.com/dartsml/godarts/darts"
	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/run"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestPartialChannelParams: the PC-DARTS search network has as many weights as the reference's
// (yuhuixu1993/PC-DARTS model_search.py, K=4, counted with sum(p.numel() for p in
// model.parameters()) on Debian's torch 1.13: 299,578 at C=16 and 8 cells, 66,586 at C=8 and 5
// cells, 26,430 at C=4 and 5 cells).
func TestPartialChannelParams(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ c, layers, want int }{{16, 8, 299578}, {8, 5, 66586}, {4, 5, 26430}} {
		cfg := Config{C: c.c, Layers: c.layers, NumClasses: 10, PartialChannels: 4, EdgeNorm: true}
		if got := CountParams(b, cfg); got != c.want {
			t.Errorf("C=%d, %d cells, K=4: %d weights, the reference %d", c.c, c.layers, got, c.want)
		}
	}
	if err := (Config{C: 6, Layers: 5, NumClasses: 10, PartialChannels: 4}).Validate(); err == nil {
		t.Error("K=4 with C=6 should be refused")
	}
}

// TestChannelShuffle: channel g·(C/K)+j goes to j·K+g, the reference's view-transpose-view.
func TestChannelShuffle(t *testing.T) {
	b, _ := backend.NewCPU("")
	const c, k = 8, 4
	in := make([]float32, c)
	for i := range in {
		in[i] = float32(i)
	}
	out := graph.MustExecOnce(b, func(x *graph.Node) *graph.Node { return channelShuffle(x, k) },
		tensors.FromFlatDataAndDimensions(in, 1, 1, 1, c))
	got := tensors.MustCopyFlatData[float32](out)
	for g := 0; g < k; g++ {
		for j := 0; j < c/k; j++ {
			if got[j*k+g] != float32(g*(c/k)+j) {
				t.Fatalf("shuffled %v, want channel %d at %d", got, g*(c/k)+j, j*k+g)
			}
		}
	}
}

// TestPartialChannelGradient checks the gradients of the loss of a tiny PC-DARTS network (K=2,
// edge normalisation) with respect to α and β against central differences of the loss.
func TestPartialChannelGradient(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	net := Config{C: 4, Layers: 3, NumClasses: 10, Steps: 2, Multiplier: 2, PartialChannels: 2, EdgeNorm: true,
		Primitives: []string{"none", "avg_pool_3x3", "skip_connect", "sep_conv_3x3"}}
	s, err := NewSearcher(b, net, tinyRunConfig(1).Architect(), 4)
	if err != nil {
		t.Fatal(err)
	}
	batch := hessianBatch(t)
	if err := s.ensureInitialized(batch[0][0], batch[0][1]); err != nil {
		t.Fatal(err)
	}
	edges := net.NumEdges()
	// The loss and its gradients at α+δα, β+δβ (normal cell's), without moving any statistic.
	exec, err := context.NewExec(b, s.Ctx, func(ctx *context.Context, x, y, da, db *graph.Node) []*graph.Node {
		g := x.Graph()
		ctx.SetTraining(g, true)
		ctx.SetGraphParam(g, darts.ParamUpdateBatchNormStats, false)
		av, _ := net.Alphas(ctx)
		bv, _ := net.Betas(ctx)
		a0, b0 := av.ValueGraph(g), bv.ValueGraph(g)
		a, be := graph.Add(a0, da), graph.Add(b0, db)
		av.SetValueGraph(a)
		bv.SetValueGraph(be)
		loss, _ := net.Loss(ctx, []*graph.Node{x, y})
		grads := nn.Gradient(loss, a, be)
		av.SetValueGraph(a0) // the variables come out unchanged
		bv.SetValueGraph(b0)
		return []*graph.Node{loss, grads[0], grads[1]}
	})
	if err != nil {
		t.Fatal(err)
	}
	at := func(da, db []float32) (float64, []float32, []float32) {
		outs, err := exec.Exec(batch[0][0], batch[0][1], tensors.FromFlatDataAndDimensions(da, edges, len(net.Primitives)),
			tensors.FromFlatDataAndDimensions(db, edges))
		if err != nil {
			t.Fatal(err)
		}
		return float64(tensors.MustCopyFlatData[float32](outs[0])[0]), tensors.MustCopyFlatData[float32](outs[1]),
			tensors.MustCopyFlatData[float32](outs[2])
	}
	za, zb := make([]float32, edges*len(net.Primitives)), make([]float32, edges)
	for i := range za {
		za[i] = float32(0.4 * math.Sin(float64(2*i+1)))
	}
	for i := range zb {
		zb[i] = float32(0.4 * math.Cos(float64(3*i)))
	}
	_, ga, gb := at(za, zb)
	if slices.Max(gb) < 1e-3 {
		t.Fatalf("∂L/∂β = %v: β does not reach the loss", gb)
	}
	const h = 1e-2
	check := func(name string, i int, got float32, perturb func(sign float32) (float64, []float32, []float32)) {
		lp, _, _ := perturb(1)
		lm, _, _ := perturb(-1)
		fd := (lp - lm) / (2 * h)
		if math.Abs(fd-float64(got)) > 3e-4+0.03*math.Abs(fd) {
			t.Errorf("∂L/∂%s[%d] = %.6f, central difference %.6f", name, i, got, fd)
		}
	}
	for _, i := range []int{1, 6, 11, 18} {
		check("α", i, ga[i], func(sign float32) (float64, []float32, []float32) {
			d := append([]float32(nil), za...)
			d[i] += sign * h
			return at(d, zb)
		})
	}
	for i := 0; i < edges; i++ {
		check("β", i, gb[i], func(sign float32) (float64, []float32, []float32) {
			d := append([]float32(nil), zb...)
			d[i] += sign * h
			return at(za, d)
		})
	}
}

// TestEdgeNormDerivation: the derivation ranks op weight × edge weight, as the reference's
// genotype(): an edge with the stronger op but a small edge weight loses its place.
func TestEdgeNormDerivation(t *testing.T) {
	edge := NodeSoftmax([]float64{0, 0, math.Log(1), math.Log(1), math.Log(8)}, 2)
	if want := []float64{0.5, 0.5, 0.1, 0.1, 0.8}; math.Abs(edge[2]-want[2]) > 1e-12 ||
		math.Abs(edge[0]-want[0]) > 1e-12 || math.Abs(edge[4]-want[4]) > 1e-12 {
		t.Fatalf("NodeSoftmax = %v, want %v", edge, want)
	}
	// Node 1 (edges 2..4): edge 2 has the strongest op (0.9), edge 4 a weaker one (0.5) but 8× the edge weight.
	w := [][]float64{{0, 0.6, 0.4}, {0, 0.4, 0.6}, {0, 0.9, 0.1}, {0, 0.8, 0.2}, {0, 0.5, 0.5}}
	a := AlphaRecord{Normal: w, Reduce: w, EdgeNormal: edge, EdgeReduce: edge}
	normal, _ := deriveWeights(a)
	if normal[4][1] != float32(0.5*0.8) || normal[2][1] != float32(0.9*0.1) {
		t.Errorf("derivation weights %v", normal)
	}
}

// TestArchWarmup: during the warm-up epochs α stays where it started (alphas.jsonl's first epoch
// equals softmax of the initial α) while the weights train; after them α moves.
func TestArchWarmup(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := tinyRunConfig(1)
	cfg.Epochs, cfg.StepsPerEpoch, cfg.ArchWarmupEpochs = 2, 2, 1
	cfg.Net.PartialChannels, cfg.Net.EdgeNorm = 2, true
	init, err := NewSearcher(b, cfg.Net, cfg.Architect(), cfg.Seed)
	if err != nil {
		t.Fatal(err)
	}
	batch := hessianBatch(t)
	if err := init.ensureInitialized(batch[0][0], batch[0][1]); err != nil {
		t.Fatal(err)
	}
	start, _, _ := init.Weights()
	dir, _ := run.Create(t.TempDir() + "/warmup")
	if _, err := Run(b, cfg, tinyData(t, 64), dir, Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(dir.Path)
	if err != nil {
		t.Fatal(err)
	}
	moved := func(a [][]float64) float64 {
		d := 0.0
		for i := range a {
			for j := range a[i] {
				d = max(d, math.Abs(a[i][j]-start[i][j]))
			}
		}
		return d
	}
	if d := moved(h.Alphas[0].Normal); d != 0 {
		t.Errorf("α moved by %g during the warm-up epoch", d)
	}
	if d := moved(h.Alphas[1].Normal); d == 0 {
		t.Error("α did not move after the warm-up")
	}
	if h.Epochs[0].TrainLoss == 0 || h.Epochs[0].ArchLoss != 0 {
		t.Errorf("warm-up epoch: train loss %g, α-step loss %g; want a training loss and no α step", h.Epochs[0].TrainLoss, h.Epochs[0].ArchLoss)
	}
}
