package search

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The TestReferencePCDARTS... tests compare our search network with -partial-channels 4 -edge-norm
// and PCDARTSRunConfig's search step with the reference PC-DARTS code (yuhuixu1993/PC-DARTS
// model_search.py, architect.py, train_search.py; testdata/reference_pcdarts.json.gz, written by
// testdata/gen_reference_pcdarts.py with PyTorch 1.13 on the CPU) on the same weights, α, β and
// batches: which channels an edge's ops see (the first C/K), the max-pool of the bypassed channels
// on reduction edges, the channel shuffle, the edge weights softmax(β) per node, their gradient,
// the warm-up (no α step before epoch 15), PC-DARTS's learning rates, and the derivation ranking
// softmax(α)·softmax(β). Tolerances as the DARTS fixture's (see reference_test.go): measured
// rounding is at most a few 1e-6 of the largest value of a kind.

// pcFixture is testdata/reference_pcdarts.json.gz (see gen_reference_pcdarts.py for the sections).
type pcFixture struct {
	Config struct {
		C, Layers, Classes, Batch, HW, K int
		LR                               []float64 `json:"lr"`
		Epochs                           []int     `json:"epochs"`
		Warmup                           int       `json:"warmup"`
		EpochsTotal                      int       `json:"epochs_total"`
		LRMax                            float64   `json:"lr_max"`
		LRMin                            float64   `json:"lr_min"`
		Momentum                         float64   `json:"momentum"`
		WeightDecay                      float64   `json:"weight_decay"`
		ArchLR                           float64   `json:"arch_lr"`
		ArchWeightDecay                  float64   `json:"arch_weight_decay"`
		GradClip                         float64   `json:"grad_clip"`
	}
	Batches           map[string]refTensor
	Labels            map[string][]int32
	Init              map[string]refTensor
	Forward           refForward
	Arch1             refArch
	Steps             []refStep
	Genotype          map[string][][2]any
	GenotypeAlphaOnly map[string][][2]any `json:"genotype_alpha_only"`
}

func loadPCFixture(t *testing.T) *pcFixture {
	t.Helper()
	var fx pcFixture
	readGzipJSON(t, "testdata/reference_pcdarts.json.gz", &fx)
	return &fx
}

// runConfig is PCDARTSRunConfig on the fixture's network; it fails the test where the fixture's
// hyper-parameters (the reference's train_search.py defaults) are not PCDARTSRunConfig's.
func (fx *pcFixture) runConfig(t *testing.T) RunConfig {
	t.Helper()
	cfg := PCDARTSRunConfig()
	c := fx.Config
	if cfg.Order != 1 || cfg.Net.PartialChannels != c.K || !cfg.Net.EdgeNorm || cfg.Momentum != c.Momentum ||
		cfg.WeightDecay != c.WeightDecay || cfg.ArchLR != c.ArchLR || cfg.ArchWeightDecay != c.ArchWeightDecay ||
		cfg.GradClip != c.GradClip || cfg.LR != c.LRMax || cfg.LRMin != c.LRMin || cfg.Epochs != c.EpochsTotal ||
		cfg.ArchWarmupEpochs != c.Warmup {
		t.Fatalf("PCDARTSRunConfig %+v differs from the reference's train_search.py %+v", cfg, c)
	}
	for i, e := range c.Epochs {
		if got := cfg.EpochLR(e); math.Abs(got-c.LR[i]) > 1e-12*c.LR[i] {
			t.Errorf("epoch %d: learning rate %.17g, the reference's %.17g", e, got, c.LR[i])
		}
	}
	cfg.Net = Config{C: c.C, Layers: c.Layers, NumClasses: c.Classes, PartialChannels: cfg.Net.PartialChannels, EdgeNorm: true}
	return cfg
}

func (fx *pcFixture) searcher(t *testing.T, b backends.Backend) (*Searcher, RunConfig) {
	t.Helper()
	cfg := fx.runConfig(t)
	x, y := refBatch(fx.Batches, fx.Labels, "train0")
	return loadedSearcher(t, b, cfg, x, y, fx.Init), cfg
}

// TestReferencePCDARTSForwardAndWeightGradients: the training-mode loss and logits on the
// fixture's training batch, and the gradient of every one of the 14,006 weights.
func TestReferencePCDARTSForwardAndWeightGradients(t *testing.T) {
	fx := loadPCFixture(t)
	b := newRefBackend(t)
	s, _ := fx.searcher(t, b)
	x, y := refBatch(fx.Batches, fx.Labels, "train0")
	checkForward(t, b, s, x, y, fx.Forward)
}

// TestReferencePCDARTSArchGradients: the first-order gradient of α and β on the validation batch
// (PC-DARTS searches first order), and the batch-norm running statistics after it.
func TestReferencePCDARTSArchGradients(t *testing.T) {
	fx := loadPCFixture(t)
	b := newRefBackend(t)
	s, _ := fx.searcher(t, b)
	arch, _ := s.Arch.Variables(s.Ctx)
	if len(arch) != len(fx.Arch1.Grads) {
		t.Fatalf("%d architecture variables, the reference has %d", len(arch), len(fx.Arch1.Grads))
	}
	exec, err := context.NewExec(b, s.Ctx, func(ctx *context.Context, x, y, xv, yv, lr *graph.Node) []*graph.Node {
		ctx.SetTraining(x.Graph(), true)
		_, _, grads := s.Arch.ArchGradients(ctx, s.Net.Loss, []*graph.Node{x, y}, []*graph.Node{xv, yv}, lr)
		return grads
	})
	if err != nil {
		t.Fatal(err)
	}
	x, y := refBatch(fx.Batches, fx.Labels, "train0")
	xv, yv := refBatch(fx.Batches, fx.Labels, "val0")
	outs, err := exec.Exec(x, y, xv, yv, tensors.FromScalar(float32(fx.Config.LR[1])))
	if err != nil {
		t.Fatal(err)
	}
	grads := newFamily("α, β gradient", 0, refRTol)
	for i, v := range arch {
		grads.add(t, v.Name(), outs[i], fx.Arch1.Grads[v.Name()])
	}
	t.Logf("%s; %s", grads.check(t), runningFamily(t, fx.Init, s.Ctx, fx.Arch1.Running).check(t))
}

// TestReferencePCDARTSSearchSteps runs train_search.py's loop body twice: a warm-up step of epoch 0
// (the weight step alone; α, β and Adam untouched) and a step of epoch 15 (the first-order α, β
// step, Adam lr 6e-4, then the weight step), each at its epoch's learning rate, and compares after
// each: loss, gradient norm, α and β, Adam's moments, every weight, momentum buffer and running
// statistic.
func TestReferencePCDARTSSearchSteps(t *testing.T) {
	fx := loadPCFixture(t)
	b := newRefBackend(t)
	s, cfg := fx.searcher(t, b)
	for k, want := range fx.Steps {
		x, y := refBatch(fx.Batches, fx.Labels, []string{"train0", "train1"}[k])
		xv, yv := refBatch(fx.Batches, fx.Labels, []string{"val0", "val1"}[k])
		epoch := fx.Config.Epochs[k]
		var r StepResult
		var err error
		if epoch < cfg.ArchWarmupEpochs {
			r, err = s.WeightStep(x, y, cfg.EpochLR(epoch))
		} else {
			r, err = s.Step(x, y, xv, yv, cfg.EpochLR(epoch))
		}
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.TrainLoss-want.Loss) > refRTol*want.Loss || math.Abs(r.GradNorm-want.GradNorm) > refRTol*want.GradNorm {
			t.Errorf("step %d: loss %.7g, gradient norm %.7g; reference %.7g, %.7g", k, r.TrainLoss, r.GradNorm, want.Loss, want.GradNorm)
		}
		alphas, weights := newFamily("α, β change", refATolAlpha, refRTol), newFamily("weight change", 0, refRTol)
		adamM, adamV := newFamily("Adam exp_avg", 0, refRTol), newFamily("Adam exp_avg_sq", 0, refRTol)
		momentum := newFamily("momentum", 0, refRTol)
		for name, wt := range want.Alphas {
			got := value(t, refVariable(t, s.Ctx, name))
			if epoch < cfg.ArchWarmupEpochs && !slices.Equal(tensors.MustCopyFlatData[float32](got), fx.Init[name].Data) {
				t.Errorf("step %d (warm-up): %s moved", k, name)
			}
			alphas.add(t, name, got, wt, fx.Init[name])
		}
		if len(want.Adam) == 0 { // the reference's Adam has no state before its first step
			if v := s.Ctx.GetVariableByScopeAndName("/optimizer/arch_adam/"+ArchScope+"/alphas_normal", "m"); v != nil {
				if m := tensors.MustCopyFlatData[float32](value(t, v)); slices.ContainsFunc(m, func(x float32) bool { return x != 0 }) {
					t.Errorf("step %d (warm-up): Adam's first moment of α is %v, want zero", k, m[:4])
				}
			}
		}
		for name, wt := range want.Adam {
			alpha, moment, _ := strings.Cut(name, ".")
			f, state := adamM, "m"
			if moment == "exp_avg_sq" {
				f, state = adamV, "v"
			}
			f.add(t, name, value(t, s.Ctx.GetVariableByScopeAndName("/optimizer/arch_adam/"+ArchScope+"/"+alpha, state)), wt)
		}
		for name, wt := range want.Weights {
			weights.add(t, name, value(t, refVariable(t, s.Ctx, name)), wt, fx.Init[name])
		}
		for name, wt := range want.Momentum {
			momentum.add(t, name, value(t, momentumVariable(t, s, name)), wt)
		}
		t.Logf("step %d (epoch %d): loss %.7g (reference %.7g), gradient norm %.7g (%.7g)\n%s\n%s\n%s\n%s\n%s\n%s", k, epoch,
			r.TrainLoss, want.Loss, r.GradNorm, want.GradNorm, alphas.check(t), adamM.check(t), adamV.check(t),
			weights.check(t), momentum.check(t), runningFamily(t, fx.Init, s.Ctx, want.Running).check(t))
	}
}

// TestReferencePCDARTSGenotype: the derivation of the fixture's α and β is the reference's
// genotype() (edges ranked by softmax(α)·softmax(β), ops by softmax(α)); without edge
// normalisation ours is the reference's with every edge weight equal, which the fixture's β
// changes (so the test sees β's role).
func TestReferencePCDARTSGenotype(t *testing.T) {
	fx := loadPCFixture(t)
	b := newRefBackend(t)
	s, _ := fx.searcher(t, b)
	want, wantAlphaOnly := fx.genotype(t, fx.Genotype), fx.genotype(t, fx.GenotypeAlphaOnly)
	if slices.Equal(want.Normal, wantAlphaOnly.Normal) && slices.Equal(want.Reduce, wantAlphaOnly.Reduce) {
		t.Fatal("the fixture's β does not change the reference's genotype")
	}
	got, err := s.Genotype()
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("genotype\n%s\nthe reference's\n%s", got, want)
	}
	s.Net.EdgeNorm = false
	if got, err = s.Genotype(); err != nil {
		t.Fatal(err)
	} else if got.String() != wantAlphaOnly.String() {
		t.Errorf("genotype without edge normalisation\n%s\nthe reference's with β = 0\n%s", got, wantAlphaOnly)
	}
}

// genotype converts the fixture's [[op, from], ...] lists.
func (fx *pcFixture) genotype(t *testing.T, cells map[string][][2]any) genotype.Genotype {
	t.Helper()
	edges := func(cell string) []genotype.Edge {
		var out []genotype.Edge
		for _, e := range cells[cell] {
			op, ok1 := e[0].(string)
			from, ok2 := e[1].(float64)
			if !ok1 || !ok2 {
				t.Fatalf("fixture genotype %s: edge %v", cell, e)
			}
			out = append(out, genotype.Edge{Op: op, From: int(from)})
		}
		return out
	}
	concat := []int{2, 3, 4, 5}
	return genotype.Genotype{Normal: edges("normal"), NormalConcat: concat, Reduce: edges("reduce"), ReduceConcat: slices.Clone(concat)}
}
