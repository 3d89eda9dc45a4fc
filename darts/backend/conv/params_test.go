package conv

import (
	"reflect"
	"strings"
	"testing"
)

func validParams() *Params {
	return &Params{Batch: 4, InSpatial: []int{8, 8}, InChannels: 6, KernelSpatial: []int{3, 3}, OutChannels: 6,
		Strides: []int{1, 1}, Padding: [][2]int{{1, 1}, {1, 1}}, InputDilation: []int{1, 1},
		KernelDilation: []int{1, 1}, FeatureGroups: 1, BatchGroups: 1}
}

func TestValidate(t *testing.T) {
	if err := validParams().Validate(); err != nil {
		t.Fatalf("valid params rejected: %v", err)
	}
	tests := []struct {
		field  string // must appear in the error message
		mutate func(p *Params)
	}{
		{"InSpatial", func(p *Params) { p.InSpatial = nil }},
		{"InSpatial[1]", func(p *Params) { p.InSpatial[1] = -1 }},
		{"Batch", func(p *Params) { p.Batch = -1 }},
		{"InChannels", func(p *Params) { p.InChannels = -2 }},
		{"OutChannels", func(p *Params) { p.OutChannels = -2 }},
		{"KernelSpatial", func(p *Params) { p.KernelSpatial = []int{3} }},
		{"KernelSpatial[0]", func(p *Params) { p.KernelSpatial[0] = -3 }},
		{"Strides", func(p *Params) { p.Strides = []int{1, 1, 1} }},
		{"Strides[1]", func(p *Params) { p.Strides[1] = 0 }},
		{"InputDilation[0]", func(p *Params) { p.InputDilation[0] = 0 }},
		{"KernelDilation", func(p *Params) { p.KernelDilation = []int{2} }},
		{"KernelDilation[1]", func(p *Params) { p.KernelDilation[1] = -1 }},
		{"Padding", func(p *Params) { p.Padding = [][2]int{{1, 1}} }},
		{"FeatureGroups", func(p *Params) { p.FeatureGroups = 0 }},
		{"BatchGroups", func(p *Params) { p.BatchGroups = 0 }},
		{"FeatureGroups=4 does not divide InChannels", func(p *Params) { p.FeatureGroups = 4 }},
		{"FeatureGroups=3 does not divide OutChannels", func(p *Params) { p.FeatureGroups, p.OutChannels = 3, 4 }},
		{"BatchGroups=3 does not divide Batch", func(p *Params) { p.BatchGroups = 3 }},
		{"BatchGroups=4 does not divide OutChannels", func(p *Params) { p.BatchGroups = 4 }},
		{"at most one", func(p *Params) { p.FeatureGroups, p.BatchGroups, p.OutChannels = 2, 2, 4 }},
	}
	for _, tc := range tests {
		p := validParams()
		tc.mutate(p)
		err := p.Validate()
		if err == nil {
			t.Errorf("%s: expected an error for %+v", tc.field, p)
			continue
		}
		if !strings.Contains(err.Error(), tc.field) {
			t.Errorf("error %q does not mention %q", err, tc.field)
		}
	}
}

func TestNilOptionalFields(t *testing.T) {
	p := &Params{Batch: 1, InSpatial: []int{5}, InChannels: 1, KernelSpatial: []int{2}, OutChannels: 1,
		FeatureGroups: 1, BatchGroups: 1}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := p.OutSpatial(); !reflect.DeepEqual(got, []int{4}) {
		t.Fatalf("OutSpatial = %v, want [4]", got)
	}
}

func TestOutSpatial(t *testing.T) {
	tests := []struct {
		s, k, stride, ld, kd int
		pad                  [2]int
		want                 int
	}{
		{32, 3, 1, 1, 1, [2]int{1, 1}, 32},
		{32, 3, 2, 1, 1, [2]int{1, 1}, 16},
		{32, 3, 1, 1, 2, [2]int{2, 2}, 32},
		{16, 3, 1, 2, 1, [2]int{1, 2}, 32}, // transposed conv of a stride-2 layer
		{5, 3, 1, 1, 1, [2]int{-2, -2}, 0}, // cropped below the window size
		{5, 3, 1, 1, 1, [2]int{-1, 0}, 2},
		{0, 1, 1, 2, 1, [2]int{0, 0}, 0}, // empty input stays empty even when dilated
		{4, 0, 1, 1, 1, [2]int{0, 0}, 5}, // empty window fits everywhere (XLA)
		{7, 2, 3, 1, 3, [2]int{0, 0}, 2},
	}
	for _, tc := range tests {
		p := &Params{Batch: 1, InSpatial: []int{tc.s}, InChannels: 1, KernelSpatial: []int{tc.k}, OutChannels: 1,
			Strides: []int{tc.stride}, Padding: [][2]int{tc.pad}, InputDilation: []int{tc.ld},
			KernelDilation: []int{tc.kd}, FeatureGroups: 1, BatchGroups: 1}
		if got := p.OutSpatial()[0]; got != tc.want {
			t.Errorf("OutSpatial(%+v) = %d, want %d", tc, got, tc.want)
		}
	}
}

func TestConvPanics(t *testing.T) {
	expectPanic := func(name string, f func()) {
		defer func() {
			if recover() == nil {
				t.Errorf("%s: expected a panic", name)
			}
		}()
		f()
	}
	p := validParams()
	in := make([]float32, p.InputSize())
	ker := make([]float32, p.KernelSize())
	out := make([]float32, p.OutputSize())
	expectPanic("short input", func() { Conv(p, in[1:], ker, out) })
	expectPanic("short kernel", func() { Conv(p, in, ker[1:], out) })
	expectPanic("short output", func() { Conv(p, in, ker, out[1:]) })
	bad := validParams()
	bad.Strides[0] = 0
	expectPanic("invalid params", func() { Conv(bad, in, ker, out) })
}
