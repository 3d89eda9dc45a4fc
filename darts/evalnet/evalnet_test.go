package evalnet

import (
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/internal/testbackend"
)

func builtin(t *testing.T, name string) genotype.Genotype {
	t.Helper()
	g, err := genotype.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestParamCountsMatchReference: the counts PyTorch gives for the reference's NetworkCIFAR and
// NetworkImageNet (../shared/reference/README.md).
func TestParamCountsMatchReference(t *testing.T) {
	b := testbackend.CPU(t)
	for _, tc := range []struct {
		name  string
		cfg   Config
		aux   bool
		count int
	}{
		{"cifar DARTS_V2", PaperCIFAR(builtin(t, "DARTS_V2")), false, 3349342},
		{"cifar DARTS_V2 +aux", PaperCIFAR(builtin(t, "DARTS_V2")), true, 3825768},
		{"cifar DARTS_V1", PaperCIFAR(builtin(t, "DARTS_V1")), false, 3169414},
		{"cifar DARTS_V1 +aux", PaperCIFAR(builtin(t, "DARTS_V1")), true, 3645840},
		{"imagenet DARTS_V2", PaperImageNet(builtin(t, "DARTS_V2")), false, 4718752},
		{"imagenet DARTS_V2 +aux", PaperImageNet(builtin(t, "DARTS_V2")), true, 5979528},
		{"imagenet DARTS_V1", PaperImageNet(builtin(t, "DARTS_V1")), false, 4510432},
		// Cells from other papers, in the reference's genotypes.py: NASNet-A has 5 nodes and
		// sep_conv_7x7 edges; AmoebaNet-A concatenates [4, 5, 6] and uses conv_7x1_1x7. Counts from
		// the reference's model.py under PyTorch (sum of p.numel()).
		{"cifar NASNet", PaperCIFAR(builtin(t, "NASNet")), false, 3830950},
		{"cifar NASNet +aux", PaperCIFAR(builtin(t, "NASNet")), true, 4288944},
		{"imagenet NASNet +aux", PaperImageNet(builtin(t, "NASNet")), true, 6800520},
		{"cifar AmoebaNet", PaperCIFAR(builtin(t, "AmoebaNet")), false, 3145078},
		{"imagenet AmoebaNet", PaperImageNet(builtin(t, "AmoebaNet")), false, 4627360},
	} {
		tc.cfg.Auxiliary = tc.aux
		if got := tc.cfg.CountParams(b); got != tc.count {
			t.Errorf("%s: %d parameters, want %d", tc.name, got, tc.count)
		}
	}
}

func TestValidateErrors(t *testing.T) {
	g := builtin(t, "DARTS_V2")
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Kind: "resnet", Genotype: g, C: 4, Layers: 2, NumClasses: 10}, `Kind "resnet"`},
		{Config{Kind: ImageNet, Genotype: g, C: 5, Layers: 2, NumClasses: 10}, "even C"},
		{Config{Kind: CIFAR, Genotype: g, C: 4, Layers: 0, NumClasses: 10}, "Layers=0"},
		{Config{Kind: CIFAR, Genotype: genotype.Genotype{}, C: 4, Layers: 2, NumClasses: 10}, "evalnet: "},
	} {
		err := tc.cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.cfg.Kind, err, tc.want)
		}
	}
}
