package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/train"
)

// TestSelectionHelpShowsDefaults: random-search's, select's and progress's -h give each size
// flag the default the command runs with, in paper and -quick mode (they printed none before).
func TestSelectionHelpShowsDefaults(t *testing.T) {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	paper, quick := train.PaperSelection(g), train.QuickCIFAR(g)
	for _, cmd := range []string{"random-search", "select", "progress"} {
		_, _, help := call(cmd, "-h")
		for _, f := range []struct {
			name         string
			paper, quick int
		}{{"layers", paper.Net.Layers, quick.Net.Layers}, {"channels", paper.Net.C, quick.Net.C},
			{"epochs", paper.Epochs, quick.Epochs}, {"steps-per-epoch", paper.StepsPerEpoch, quick.StepsPerEpoch},
			{"batch", paper.BatchSize, quick.BatchSize}} {
			_, usage, ok := strings.Cut(help, "\n  -"+f.name+" int\n")
			usage, _, _ = strings.Cut(usage, "\n  -")
			if want := fmt.Sprintf("(default: %d paper, %d quick)", f.paper, f.quick); !ok || !strings.Contains(usage, want) {
				t.Errorf("%s -h, -%s: %q, want it to say %s", cmd, f.name, usage, want)
			}
		}
	}
}
