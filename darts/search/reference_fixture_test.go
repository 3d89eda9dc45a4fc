package search

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/nn"
	"github.com/dartsml/godarts/darts/ops"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// refFixture is testdata/reference.json.gz, what the reference code (quark0/darts cnn/, PyTorch
// 1.13) computes on a 3-cell, C=1 search network; testdata/gen_reference.py writes it (see its
// doc for the sections). Tensors carry PyTorch's names and layouts.
type refFixture struct {
	Config struct {
		C, Layers, Classes, Batch, HW int
		LR                            float64 `json:"lr"`
		EtaArch                       float64 `json:"eta_arch"`
		Arch2WeightDecay              float64 `json:"arch2_weight_decay"`
		Momentum                      float64 `json:"momentum"`
		WeightDecay                   float64 `json:"weight_decay"`
		ArchLR                        float64 `json:"arch_lr"`
		ArchWeightDecay               float64 `json:"arch_weight_decay"`
		GradClip                      float64 `json:"grad_clip"`
	}
	Batches        map[string]refTensor
	Labels         map[string][]int32
	Init           map[string]refTensor
	Forward        refForward
	Arch1, Arch2   refArch
	Steps1, Steps2 []refStep
}

// refForward is a fixture's forward pass on the batch "train0": the loss, the logits and every
// weight's gradient by its reference name.
type refForward struct {
	Loss   float64
	Logits refTensor
	Grads  map[string]refTensor
}

// checkForward runs s's network in training mode on the batch (x, y) and compares the loss, the
// logits and the gradient of every weight with the reference's forward pass.
func checkForward(t *testing.T, b backends.Backend, s *Searcher, x, y *tensors.Tensor, want refForward) {
	t.Helper()
	_, weights := s.Arch.Variables(s.Ctx)
	if len(weights) != len(want.Grads) {
		t.Fatalf("%d weight variables, the reference has %d parameters", len(weights), len(want.Grads))
	}
	exec, err := context.NewExec(b, s.Ctx, func(ctx *context.Context, x, y *graph.Node) []*graph.Node {
		g := x.Graph()
		ctx.SetTraining(g, true)
		logits := s.Net.Forward(ctx, x)
		loss := nn.CrossEntropy(logits, y, 0)
		nodes := make([]*graph.Node, len(weights))
		for i, v := range weights {
			nodes[i] = v.ValueGraph(g)
		}
		return append([]*graph.Node{loss, logits}, graph.Gradient(loss, nodes...)...)
	})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := exec.Exec(x, y)
	if err != nil {
		t.Fatal(err)
	}
	ctx := s.Ctx
	loss := float64(tensors.ToScalar[float32](outs[0]))
	if d := math.Abs(loss - want.Loss); d > refRTol*want.Loss {
		t.Errorf("loss %.7g, reference %.7g", loss, want.Loss)
	}
	logits, grads := newFamily("logits", 0, refRTol), newFamily("weight gradient", 0, refRTol)
	logits.add(t, "logits", outs[1], want.Logits)
	index := map[*context.Variable]int{}
	for i, v := range weights {
		index[v] = i
	}
	for name, w := range want.Grads {
		grads.add(t, name, outs[2+index[refVariable(t, ctx, name)]], w)
	}
	t.Logf("loss %.7g (reference %.7g); %s; %s", loss, want.Loss, logits.check(t), grads.check(t))
}

type refTensor struct {
	Shape []int
	Data  []float32
}

type refArch struct{ Grads, Running map[string]refTensor }

type refStep struct {
	Loss                                     float64
	GradNorm                                 float64 `json:"grad_norm"`
	Alphas, Running, Weights, Momentum, Adam map[string]refTensor
}

func loadRefFixture(t *testing.T) *refFixture {
	t.Helper()
	var fx refFixture
	readGzipJSON(t, "testdata/reference.json.gz", &fx)
	return &fx
}

// readGzipJSON decodes a gzipped JSON fixture into v.
func readGzipJSON(t *testing.T, path string, v any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(z).Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// net is the fixture's search network.
func (fx *refFixture) net() Config {
	return Config{C: fx.Config.C, Layers: fx.Config.Layers, NumClasses: fx.Config.Classes}
}

// batch returns images (NCHW → our NHWC) and labels of one of the fixture's batches, e.g. "train0".
func (fx *refFixture) batch(name string) (x, y *tensors.Tensor) {
	return refBatch(fx.Batches, fx.Labels, name)
}

func refBatch(batches map[string]refTensor, labels map[string][]int32, name string) (x, y *tensors.Tensor) {
	r := batches["x_"+name]
	return tensors.FromFlatDataAndDimensions(permute(r.Data, r.Shape, 0, 2, 3, 1), permutedDims(r.Shape, 0, 2, 3, 1)...),
		tensors.FromFlatDataAndDimensions(slices.Clone(labels["y_"+name]), len(labels["y_"+name]))
}

// refPrimitives is the reference's PRIMITIVES, which index a MixedOp's _ops.
var refPrimitives = ops.Primitives

// ourVariable maps a PyTorch state_dict name of the reference's search Network to our variable's
// scope and name: e.g. cells.1._ops.3._ops.4.op.5.weight (cell 1, edge 3, sep_conv_3x3's second
// depthwise conv) is /cell1/edge3/sep_conv_3x3/dw_2 weights.
func ourVariable(name string) (scope, varName string, err error) {
	parts := strings.Split(name, ".")
	last := parts[len(parts)-1]
	bn := map[string]string{"weight": "gamma", "bias": "beta", "running_mean": "running_mean", "running_var": "running_var"}
	bad := fmt.Errorf("reference name %q: no counterpart", name)
	switch {
	case name == "alphas_normal" || name == "alphas_reduce" || name == "betas_normal" || name == "betas_reduce":
		return "/" + ArchScope, name, nil
	case name == "stem.0.weight":
		return "/stem/conv", "weights", nil
	case parts[0] == "stem" && parts[1] == "1":
		return "/stem/batchnorm", bn[last], nil
	case name == "classifier.weight":
		return "/classifier", "weights", nil
	case name == "classifier.bias":
		return "/classifier", "biases", nil
	case parts[0] != "cells" || len(parts) < 4:
		return "", "", bad
	}
	cell := "/cell" + parts[1]
	if strings.HasPrefix(parts[2], "preprocess") {
		scope = cell + "/" + parts[2]
		switch rest := strings.Join(parts[3:len(parts)-1], "."); rest {
		case "op.1":
			return scope + "/conv", "weights", nil
		case "op.2", "bn":
			return scope + "/batchnorm", bn[last], nil
		case "conv_1", "conv_2":
			return scope + "/" + rest, "weights", nil
		}
		return "", "", bad
	}
	// cells.<i>._ops.<edge>._ops.<primitive>.<rest>
	if len(parts) < 7 || parts[2] != "_ops" || parts[4] != "_ops" {
		return "", "", bad
	}
	k, err := strconv.Atoi(parts[5])
	if err != nil || k >= len(refPrimitives) {
		return "", "", bad
	}
	prim := refPrimitives[k]
	scope = cell + "/edge" + parts[3] + "/" + prim
	rest := strings.Join(parts[6:len(parts)-1], ".")
	inner := map[string]string{}
	switch {
	case strings.Contains(prim, "pool"): // Sequential(pool, BatchNorm2d)
		inner = map[string]string{"1": "/batchnorm"}
	case prim == "skip_connect": // FactorizedReduce (stride 2 only)
		inner = map[string]string{"conv_1": "/conv_1", "conv_2": "/conv_2", "bn": "/batchnorm"}
	case strings.HasPrefix(prim, "sep_conv"):
		inner = map[string]string{"op.1": "/dw_1", "op.2": "/pw_1", "op.3": "/bn_1/batchnorm",
			"op.5": "/dw_2", "op.6": "/pw_2", "op.7": "/bn_2/batchnorm"}
	case strings.HasPrefix(prim, "dil_conv"):
		inner = map[string]string{"op.1": "/dw", "op.2": "/pw", "op.3": "/batchnorm"}
	}
	sub, ok := inner[rest]
	if !ok {
		return "", "", bad
	}
	if strings.HasSuffix(sub, "batchnorm") {
		return scope + sub, bn[last], nil
	}
	return scope + sub, "weights", nil
}

// ourLayout converts a reference tensor to our layout: convolutions OIHW (depthwise [C,1,kh,kw])
// to HWIO ([kh,kw,1,C]), the classifier's [out, in] to [in, out]; everything else is unchanged.
func ourLayout(name string, r refTensor) (data []float32, dims []int) {
	switch {
	case len(r.Shape) == 4:
		return permute(r.Data, r.Shape, 2, 3, 1, 0), permutedDims(r.Shape, 2, 3, 1, 0)
	case name == "classifier.weight":
		return permute(r.Data, r.Shape, 1, 0), permutedDims(r.Shape, 1, 0)
	}
	return slices.Clone(r.Data), slices.Clone(r.Shape)
}

// permute transposes a row-major array of shape dims: out axis i is input axis perm[i].
func permute(data []float32, dims []int, perm ...int) []float32 {
	outDims := permutedDims(dims, perm...)
	inStrides := make([]int, len(dims))
	s := 1
	for i := len(dims) - 1; i >= 0; i-- {
		inStrides[i] = s
		s *= dims[i]
	}
	out := make([]float32, len(data))
	idx := make([]int, len(dims))
	for o := range out {
		in := 0
		for i, p := range perm {
			in += idx[i] * inStrides[p]
		}
		out[o] = data[in]
		for i := len(idx) - 1; i >= 0; i-- { // next index of the output, row-major
			if idx[i]++; idx[i] < outDims[i] {
				break
			}
			idx[i] = 0
		}
	}
	return out
}

func permutedDims(dims []int, perm ...int) []int {
	out := make([]int, len(perm))
	for i, p := range perm {
		out[i] = dims[p]
	}
	return out
}

// refSearcher is a Searcher of the fixture's network with the reference's initial weights,
// batch-norm statistics and α loaded.
func refSearcher(t *testing.T, b backends.Backend, fx *refFixture, cfg RunConfig) *Searcher {
	t.Helper()
	cfg.Net = fx.net()
	x, y := fx.batch("train0")
	return loadedSearcher(t, b, cfg, x, y, fx.Init)
}

// loadedSearcher is a Searcher of cfg.Net with every variable set from init (reference names and
// layouts), built on the batch (x, y).
func loadedSearcher(t *testing.T, b backends.Backend, cfg RunConfig, x, y *tensors.Tensor, init map[string]refTensor) *Searcher {
	t.Helper()
	s, err := NewSearcher(b, cfg.Net, cfg.Architect(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ensureInitialized(x, y); err != nil { // creates every variable
		t.Fatal(err)
	}
	loaded := map[*context.Variable]bool{}
	for name, r := range init {
		v := refVariable(t, s.Ctx, name)
		data, dims := ourLayout(name, r)
		if !slices.Equal(dims, v.Shape().Dimensions) {
			t.Fatalf("%s: reference shape %v → %v, ours %s", name, r.Shape, dims, v.Shape())
		}
		if err := v.SetValue(tensors.FromFlatDataAndDimensions(data, dims...)); err != nil {
			t.Fatal(err)
		}
		loaded[v] = true
	}
	// Every weight, α and batch-norm statistic of ours must have come from the reference (GoMLX
	// keeps its random-number state in "#rngState").
	for v := range s.Ctx.IterVariables() {
		if !loaded[v] && !strings.HasPrefix(v.Scope(), "/optimizer") && !strings.HasPrefix(v.Name(), "#") {
			t.Fatalf("variable %s was not loaded from the reference", v.ScopeAndName())
		}
	}
	return s
}

func refVariable(t *testing.T, ctx *context.Context, name string) *context.Variable {
	t.Helper()
	scope, varName, err := ourVariable(name)
	if err != nil {
		t.Fatal(err)
	}
	v := ctx.GetVariableByScopeAndName(scope, varName)
	if v == nil {
		t.Fatalf("%s → %s/%s: no such variable", name, scope, varName)
	}
	return v
}

// family collects tensors of one kind (all weight gradients, all momentum buffers, ...) and
// checks each against the reference with the bound
//
//	max|got − want| ≤ atol + rtol·max|want of the tensor| + rtol/10·max|want of the family|.
//
// Rounding is relative to the size of the values that were summed, not to each element, hence the
// tensor's largest value; and some tensors are rounding noise altogether, hence the family's: e.g.
// the gradient of a 1×1 convolution on one channel followed by a non-affine batch norm is zero in
// exact arithmetic (the norm removes the weight's scale) and 1e-9 of noise on both sides.
type family struct {
	what            string
	atol, rtol      float64
	names           []string
	got, want       [][]float32
	maxAbs, maxWant float64
}

func newFamily(what string, atol, rtol float64) *family {
	return &family{what: what, atol: atol, rtol: rtol}
}

// add queues a tensor of ours (our layout) against the reference's; base, when given, is
// subtracted from both first (compare what a step changed rather than values that barely move).
func (f *family) add(t *testing.T, name string, got *tensors.Tensor, want refTensor, base ...refTensor) {
	t.Helper()
	layoutName := strings.TrimSuffix(strings.TrimSuffix(name, ".exp_avg_sq"), ".exp_avg")
	wantData, dims := ourLayout(layoutName, want)
	if !slices.Equal(dims, got.Shape().Dimensions) {
		t.Fatalf("%s %s: shape %s, reference %v", f.what, name, got.Shape(), dims)
	}
	gotData := tensors.MustCopyFlatData[float32](got)
	if len(base) > 0 {
		baseData, _ := ourLayout(layoutName, base[0])
		for i := range baseData {
			gotData[i] -= baseData[i]
			wantData[i] -= baseData[i]
		}
	}
	f.names = append(f.names, name)
	f.got, f.want = append(f.got, gotData), append(f.want, wantData)
}

// check compares the queued tensors and returns a summary.
func (f *family) check(t *testing.T) string {
	t.Helper()
	for _, w := range f.want {
		for _, v := range w {
			f.maxWant = max(f.maxWant, math.Abs(float64(v)))
		}
	}
	for i, name := range f.names {
		var d, m float64
		for j, v := range f.want[i] {
			e := math.Abs(float64(f.got[i][j]) - float64(v))
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			d, m = max(d, e), max(m, math.Abs(float64(v)))
		}
		f.maxAbs = max(f.maxAbs, d)
		if bound := f.atol + f.rtol*m + f.rtol/10*f.maxWant; d > bound {
			t.Errorf("%s %s: max |diff| %.3g, want ≤ %.3g (largest value %.3g, of the family %.3g)",
				f.what, name, d, bound, m, f.maxWant)
		}
	}
	return fmt.Sprintf("%s: %d tensors, max |diff| %.3g = %.3g of the largest value %.3g", f.what, len(f.names),
		f.maxAbs, f.maxAbs/max(f.maxWant, 1e-300), f.maxWant)
}

func newRefBackend(t *testing.T) backends.Backend {
	t.Helper()
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Finalize)
	return b
}
