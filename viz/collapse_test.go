package viz

import (
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/record"
)

// TestCollapse draws a three-epoch history with the eigenvalue on two epochs, and refuses an
// empty one or α records of the wrong width.
func TestCollapse(t *testing.T) {
	prims := []string{"none", "skip_connect", "sep_conv_3x3"}
	var epochs []record.SearchEpoch
	var alphas []record.Alphas
	for e := range 3 {
		skip := 0.2 + 0.2*float64(e)
		alphas = append(alphas, record.Alphas{Epoch: e, Primitives: prims,
			Normal: [][]float64{{0.1, skip, 0.9 - skip}, {0.1, skip, 0.9 - skip}}})
		rec := record.SearchEpoch{Epoch: e, NormalSkips: e}
		if e > 0 {
			l := 0.1 * float64(e)
			rec.HessianEigenvalue = &l
		}
		epochs = append(epochs, rec)
	}
	f, err := Collapse("DARTS, 3 epochs", epochs, alphas)
	if err != nil {
		t.Fatal(err)
	}
	split, ok := f.(Split)
	if !ok || len(split.Panels) != 3 || !split.Vertical || split.Title != "DARTS, 3 epochs" {
		t.Fatalf("got %T with %d panels titled %q, want three panels one above the other, titled", f, len(split.Panels), split.Title)
	}
	if err := SavePNG(f, t.TempDir()+"/collapse.png", 6, 8, 72); err != nil {
		t.Fatal(err)
	}
	// Without eigenvalues: two panels.
	for i := range epochs {
		epochs[i].HessianEigenvalue = nil
	}
	if f, err := Collapse("DARTS, 3 epochs", epochs, alphas); err != nil || len(f.(Split).Panels) != 2 {
		t.Errorf("without eigenvalues: %v, %v", f, err)
	}
	if _, err := Collapse("", nil, alphas); err == nil || !strings.Contains(err.Error(), "finished epoch") {
		t.Errorf("no epochs: %v", err)
	}
	alphas[1].Normal = [][]float64{{1}}
	if _, err := Collapse("", epochs, alphas); err == nil || !strings.Contains(err.Error(), "epoch 2") {
		t.Errorf("a malformed α record: %v", err)
	}
}
