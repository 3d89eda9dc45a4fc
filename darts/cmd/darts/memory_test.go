package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHugeConfigurationsRefusedBeforeAllocating: sizes whose memory exceeds the machine's are
// usage errors naming the need; they used to die in Go's "fatal error: out of memory" (that
// crash is not rerun here: it would take the shared machine's memory).
func TestHugeConfigurationsRefusedBeforeAllocating(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"search", "-data", "synthetic", "-batch", "100000000", "-out", filepath.Join(dir, "s")},
		{"search", "-data", "synthetic", "-quick", "-channels", "100000000", "-out", filepath.Join(dir, "s")},
		{"train", "-data", "synthetic", "-quick", "-batch", "100000000", "-out", filepath.Join(dir, "t")},
		{"random-search", "-data", "synthetic", "-quick", "-channels", "100000000", "-out", filepath.Join(dir, "r")},
		{"bench", "-batch", "100000000"},
		{"bench-rnn", "-batch", "100000000"},
		{"plot", "cell", "-genotype", "DARTS_V2", "-dpi", "100000", "-out", filepath.Join(dir, "c.png")},
		{"search-rnn", "-quick", "-batch", "1000000000", "-out", filepath.Join(dir, "sr")},
		{"random-search-rnn", "-quick", "-batch", "1000000000", "-out", filepath.Join(dir, "rr")},
	} {
		code, _, stderr := call(args...)
		if code != 2 || !strings.Contains(stderr, "of memory, more than this machine's") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	// Nothing was left behind: the refused runs made no folders.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused runs left %v", entries)
	}
	// A small machine refuses the paper's search, not the quick one.
	defer func(f func() float64) { machineMemory = f }(machineMemory)
	machineMemory = func() float64 { return 4 << 30 }
	if err := checkMemory("x", searchMemory(64, 16, 8, 32*32, 1)); err == nil || !strings.Contains(err.Error(), "needs about 7.8 GB of memory, more than this machine's 4.0 GB") {
		t.Errorf("paper search on 4 GB: %v", err)
	}
	if err := checkMemory("x", searchMemory(8, 4, 5, 32*32, 1)); err != nil {
		t.Errorf("quick search on 4 GB: %v", err)
	}
}
