package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchGraph builds a tiny step graph for XLA (no plugin here) and for darts-cpu without
// running it: the census lines, and last graph_nodes=N convolutions=M stablehlo_bytes=B with a
// StableHLO program only for XLA.
func TestBenchGraph(t *testing.T) {
	last := regexp.MustCompile(`^graph_nodes=([0-9]+) convolutions=([0-9]+) stablehlo_bytes=([0-9]+)$`)
	for _, tc := range []struct {
		backend string
		hlo     bool
	}{{"xla", true}, {"darts-cpu", false}} {
		code, out, errOut := call("bench", "-graph", "-for", tc.backend, "-layers", "2", "-channels", "2", "-batch", "2", "-order", "2")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.backend, code, errOut)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		m := last.FindStringSubmatch(lines[len(lines)-1])
		if m == nil {
			t.Fatalf("%s: last line %q; output:\n%s", tc.backend, lines[len(lines)-1], out)
		}
		nodes, _ := strconv.Atoi(m[1])
		convs, _ := strconv.Atoi(m[2])
		hlo, _ := strconv.Atoi(m[3])
		if nodes < 1000 || convs < 10 || (hlo > 0) != tc.hlo {
			t.Errorf("%s: %d nodes, %d convolutions, %d StableHLO bytes", tc.backend, nodes, convs, hlo)
		}
		if !strings.Contains(out, "built for "+tc.backend+", not run") || !regexp.MustCompile(`(?m)^  ConvGeneral +`+m[2]+` `).MatchString(out) {
			t.Errorf("%s: header or census missing:\n%s", tc.backend, out)
		}
	}
	if code, _, errOut := call("bench", "-for", "xla"); code != 2 || !strings.Contains(errOut, "-for needs -graph") {
		t.Errorf("-for without -graph: exit %d, %q", code, errOut)
	}
}
