package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
)

// TestProgressFromARun: a two-epoch search, then 'darts progress' on its second epoch with two
// random cells, then 'darts plot progress': the genotype trained is the one the search recorded
// for that epoch, every record has an error in [0, 100] and the training budget, and the figure
// is written in every format.
func TestProgressFromARun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small search and three brief trainings")
	}
	searchDir := filepath.Join(t.TempDir(), "search")
	if code, _, errOut := call(searchArgs(searchDir)...); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "progress")
	code, stdout, errOut := call("progress", "-run", searchDir, "-at", "2", "-random", "2", "-out", out, "-data", "synthetic",
		"-quick", "-layers", "2", "-channels", "2", "-batch", "4", "-epochs", "1", "-steps-per-epoch", "1")
	if code != 0 {
		t.Fatalf("progress: exit %d: %s", code, errOut)
	}
	recs, err := train.ReadProgress(filepath.Join(out, train.ProgressFile))
	if err != nil {
		t.Fatal(err)
	}
	h, err := search.LoadHistory(searchDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0].Search != "search" || recs[0].Epoch != 2 || recs[0].Genotype != h.Epochs[1].Genotype ||
		recs[1].Search != "random" || recs[2].Search != "random" {
		t.Fatalf("records %+v; want search epoch 2 (genotype %s) and two random cells", recs, h.Epochs[1].Genotype)
	}
	for _, r := range recs {
		if r.ValError < 0 || r.ValError > 100 || r.Budget != "2 cells, C=2, 1×1 steps of 4 images" {
			t.Errorf("record %+v", r)
		}
	}
	if !strings.Contains(stdout, "darts plot progress -points") {
		t.Errorf("stdout:\n%s", stdout)
	}
	fig := filepath.Join(t.TempDir(), "progress")
	if code, _, errOut := call("plot", "progress", "-points", filepath.Join(out, train.ProgressFile), "-out", fig, "-dpi", "40"); code != 0 {
		t.Fatalf("plot progress: exit %d: %s", code, errOut)
	}
	for ext, head := range map[string]string{".png": "\x89PNG", ".svg": "<svg", ".pdf": "%PDF"} {
		data, err := os.ReadFile(fig + ext)
		if err != nil || !bytes.Contains(data[:min(200, len(data))], []byte(head)) {
			t.Errorf("%s: %v", ext, err)
		}
	}
	if code, _, errOut := call("progress", "-out", out, "-random", "0"); code != 2 || !strings.Contains(errOut, "nothing to train") {
		t.Errorf("no runs, no random cells: exit %d, %q", code, errOut)
	}
}
