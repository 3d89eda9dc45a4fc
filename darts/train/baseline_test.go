package train

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
)

// TestRandomBaselineSettings: the paper's brief training is PaperCIFAR for 100 epochs, and the
// random candidates are genotype.RandomCNN's draws in order, named and with their repr.
func TestRandomBaselineSettings(t *testing.T) {
	g := darts2(t)
	want := PaperCIFAR(g)
	want.Epochs = 100
	if got := PaperSelection(g); !reflect.DeepEqual(got, want) {
		t.Errorf("PaperSelection = %+v\nwant %+v", got, want)
	}
	cs := RandomCandidates(rand.New(rand.NewPCG(7, 0)), 3)
	rng := rand.New(rand.NewPCG(7, 0))
	for i, c := range cs {
		g := genotype.RandomCNN(rng, 4)
		if c.Name != []string{"random00", "random01", "random02"}[i] || !reflect.DeepEqual(c.Genotype, g) {
			t.Errorf("candidate %d: %s %v, want genotype.RandomCNN's draw %v", i, c.Name, c.Genotype, g)
		}
		if p, err := genotype.Parse(c.Repr); err != nil || !reflect.DeepEqual(p, g) {
			t.Errorf("candidate %d: repr %q parses to %v, %v", i, c.Repr, p, err)
		}
	}
}
