package train

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/genotype"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// The fixtures testdata/reference_{cifar,imagenet}.{json,bin} are one training step of the
// reference's NetworkCIFAR / NetworkImageNet (quark0/darts cnn/, PyTorch 1.13 on the CPU), written
// by testdata/gen_reference.py, which documents their contents. The initial weights and the
// images are sin formulas of the flat index (refFormula, refImages), so the fixtures hold only
// the reference's outputs.

type refFixture struct {
	Kind        string  `json:"kind"`
	Genotype    string  `json:"genotype"`
	C           int     `json:"C"`
	Layers      int     `json:"layers"`
	Classes     int     `json:"classes"`
	Batch       int     `json:"batch"`
	Size        int     `json:"size"`
	Labels      []int32 `json:"labels"`
	AuxWeight   float64 `json:"aux_weight"`
	LR          float64 `json:"lr"`
	Momentum    float64 `json:"momentum"`
	WeightDecay float64 `json:"weight_decay"`
	Clip        float64 `json:"clip"`
	Smoothing   float64 `json:"smoothing"`
	DropProb    float64 `json:"drop_prob"`
	Variables   []struct {
		Name   string  `json:"name"`
		Dims   []int   `json:"dims"`
		J      int     `json:"j"` // the formula's variable index
		Offset float64 `json:"offset"`
		Scale  float64 `json:"scale"`
	} `json:"variables"`
	Variants map[string]refVariant `json:"variants"`
	data     []float32
}

// refVariant is one step; each [2]int is an (offset, length) into the .bin file.
type refVariant struct {
	Loss      float64           `json:"loss"`
	GradNorm  float64           `json:"grad_norm"`
	Masks     [][]float32       `json:"masks"`
	Logits    [2]int            `json:"logits"`
	AuxLogits [2]int            `json:"aux_logits"`
	Conv2V    [2]int            `json:"conv2_v"` // dL/d(auxiliary 2×2 conv output) [N, 768]
	Conv2A    [2]int            `json:"conv2_a"` // its input [N, 2, 2, 128]
	Grads     map[string][2]int `json:"grads"`
	After     map[string][2]int `json:"after"`
}

// conv2Name is the auxiliary head's 2×2 convolution, whose gradient the fixture stores factored.
const conv2Name = "/auxiliary_head/conv2/weights"

func loadRefFixture(t *testing.T, kind string) *refFixture {
	t.Helper()
	base := filepath.Join("testdata", "reference_"+kind)
	js, err := os.ReadFile(base + ".json")
	if err != nil {
		t.Fatal(err)
	}
	f := &refFixture{}
	if err := json.Unmarshal(js, f); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(base + ".bin")
	if err != nil {
		t.Fatal(err)
	}
	f.data = make([]float32, len(raw)/4)
	for i := range f.data {
		f.data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return f
}

func (f *refFixture) at(r [2]int) []float32 { return f.data[r[0] : r[0]+r[1]] }

// refFormula is gen_reference.py's formula: offset + scale·sin(1.37 i + 0.61 j + 0.3).
func refFormula(n, j int, offset, scale float64) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(offset + scale*math.Sin(1.37*float64(i)+0.61*float64(j)+0.3))
	}
	return out
}

// refImages is gen_reference.py's images, NHWC.
func refImages(n, size int) *tensors.Tensor {
	x := make([]float32, n*size*size*3)
	for i := range x {
		fi := float64(i)
		x[i] = float32(math.Sin(0.37*fi+0.5) + 0.5*math.Sin(0.051*fi+1.0))
	}
	return tensors.FromFlatDataAndDimensions(x, n, size, size, 3)
}

// config is the fixture's network and optimiser as a training configuration.
func (f *refFixture) config(t *testing.T, masks [][]float32) Config {
	if len(masks) == 0 {
		masks = nil // drop path off: nothing to replace
	}
	g, err := genotype.Lookup(f.Genotype)
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		Net: evalnet.Config{Kind: evalnet.Kind(f.Kind), Genotype: g, C: f.C, Layers: f.Layers,
			NumClasses: f.Classes, Auxiliary: true, DropPathMasks: masks},
		Epochs: 1, BatchSize: f.Batch, LR: f.LR, Schedule: Cosine, Momentum: f.Momentum,
		WeightDecay: f.WeightDecay, GradClip: f.Clip, AuxWeight: f.AuxWeight, LabelSmoothing: f.Smoothing,
	}
}

// setInitial gives every variable of ctx the fixture's initial value: the formula for trainable
// ones, PyTorch's initial running statistics (mean 0, variance 1) for the others.
func (f *refFixture) setInitial(t *testing.T, ctx *context.Context) {
	t.Helper()
	for _, v := range f.Variables {
		n := 1
		for _, d := range v.Dims {
			n *= d
		}
		value := tensors.FromFlatDataAndDimensions(refFormula(n, v.J, v.Offset, v.Scale), v.Dims...)
		scope, name := path.Split(v.Name)
		if existing := ctx.GetVariableByScopeAndName(strings.TrimSuffix(scope, "/"), name); existing != nil {
			if err := existing.SetValue(value); err != nil {
				t.Fatal(err)
			}
			continue
		}
		ctx.InAbsPath(strings.TrimSuffix(scope, "/")).VariableWithValue(name, value)
	}
	for v := range ctx.IterVariables() {
		if strings.HasSuffix(v.Name(), "running_mean") || strings.HasSuffix(v.Name(), "running_var") {
			fill := float32(0)
			if strings.HasSuffix(v.Name(), "running_var") {
				fill = 1
			}
			if err := v.SetValue(tensors.FromFlatDataAndDimensions(
				slices.Repeat([]float32{fill}, v.Shape().Size()), v.Shape().Dimensions...)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func maxAbs(x []float32) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(float64(v)))
	}
	return m
}

// conv2Gradient expands the fixture's factored 2×2-conv gradient: dW[h,w,i,o] = Σ_n V[n,o]·A[n,h,w,i].
func conv2Gradient(v, a []float32, n int) []float32 {
	out, in := len(v)/n, len(a)/(n*4)
	dw := make([]float32, 4*in*out)
	for hwi := 0; hwi < 4*in; hwi++ {
		for o := 0; o < out; o++ {
			var s float64
			for b := 0; b < n; b++ {
				s += float64(v[b*out+o]) * float64(a[b*4*in+hwi])
			}
			dw[hwi*out+o] = float32(s)
		}
	}
	return dw
}
