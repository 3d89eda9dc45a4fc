package main

import (
	"strings"
	"testing"
)

// TestBenchOpsCheapOp runs the table for one cheap op, once per backend.
func TestBenchOpsCheapOp(t *testing.T) {
	code, out, errOut := call("bench-ops", "-ops", "max_pool_3x3_s2", "-runs", "1", "-min-time", "1ns")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var row string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "max_pool_3x3_s2") {
			row = l
		}
	}
	if f := strings.Fields(row); len(f) != 6 || f[5] != "1/1" || !strings.HasSuffix(f[3], "x") {
		t.Errorf("row %q, want op, stock ms, ours ms, speed-up, -, 1/1:\n%s", row, out)
	}
	if !strings.Contains(out, "load average at start") || !strings.Contains(errOut, "max_pool_3x3_s2") {
		t.Errorf("missing the load header on stdout or progress on stderr:\n%s\n%s", out, errOut)
	}
}

func TestBenchOpsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-runs", "0"}, 2, "-runs 0: want at least 1"},
		{[]string{"-min-time", "0s"}, 2, "-min-time 0s"},
		{[]string{"-ops", "conv_3x3,conv_9x9"}, 2, `-ops: unknown op "conv_9x9"`},
	} {
		code, _, errOut := call(append([]string{"bench-ops"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("bench-ops %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}
