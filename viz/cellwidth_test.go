package viz

import (
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
)

// TestCellWidth: a cell that fits 8 inches keeps them; a 5-node chain, which shrinks to about
// two thirds at 8 inches, gets the wider canvas at which it draws at full scale.
func TestCellWidth(t *testing.T) {
	v2, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	d, err := NormalCell(v2)
	if err != nil {
		t.Fatal(err)
	}
	if w := Cell(d).Width(8, 3.2); w != 8 {
		t.Errorf("DARTS_V2 normal cell: width %g, want 8", w)
	}
	chain, err := genotype.Parse("Genotype(normal=[('sep_conv_3x3', 1), ('dil_conv_3x3', 0), ('dil_conv_3x3', 2), ('sep_conv_5x5', 1), " +
		"('max_pool_3x3', 3), ('sep_conv_3x3', 2), ('dil_conv_5x5', 4), ('avg_pool_3x3', 3), ('sep_conv_7x7', 5), ('dil_conv_5x5', 4)], " +
		"normal_concat=range(2, 7), reduce=[('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 2), ('dil_conv_3x3', 1), " +
		"('sep_conv_3x3', 3), ('max_pool_3x3', 2), ('dil_conv_5x5', 4), ('sep_conv_5x5', 3), ('sep_conv_7x7', 5), ('dil_conv_5x5', 4)], reduce_concat=range(2, 7))")
	if err != nil {
		t.Fatal(err)
	}
	if d, err = NormalCell(chain); err != nil {
		t.Fatal(err)
	}
	f := Cell(d)
	if s := f.scaleAt(8, 3.2); s > 0.8 {
		t.Fatalf("chain at 8 inches: scale %.2f, want the shrunk layout this test is about", s)
	}
	w := f.Width(8, 3.2)
	if s := f.scaleAt(w, 3.2); w <= 8 || w > 16 || s < 0.999 {
		t.Errorf("chain: width %.2f in, scale there %.3f; want a wider canvas at full scale", w, s)
	}
}
