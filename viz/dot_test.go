package viz

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestDOTGolden: DARTS_V2's two cells as graphviz text, compared with testdata/darts_v2.dot
// (go test ./viz -run TestDOTGolden -update rewrites it; read the diff before committing).
func TestDOTGolden(t *testing.T) {
	g, _ := genotype.Lookup("DARTS_V2")
	n, err := NormalCell(g)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ReduceCell(g)
	if err != nil {
		t.Fatal(err)
	}
	got := DOT(n, r)
	path := filepath.Join("testdata", "darts_v2.dot")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("DOT(DARTS_V2) differs from %s:\n%s", path, got)
	}
}
