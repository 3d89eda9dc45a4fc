package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchTinyStep times two steps of a tiny network and checks the report: the backend line,
// the first call, one line per step, the peak RSS, and last the median.
func TestBenchTinyStep(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs a small search step")
	}
	code, out, errOut := call("bench", "-layers", "3", "-channels", "4", "-batch", "2", "-order", "1", "-steps", "2", "-warmup", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	m := regexp.MustCompile(`^median_ms_per_step=([0-9]+\.[0-9])$`).FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("last line %q, want median_ms_per_step=<ms>; output:\n%s", last, out)
	}
	if v, _ := strconv.ParseFloat(m[1], 64); v <= 0 {
		t.Errorf("median %v ms, want > 0", v)
	}
	for _, re := range []string{`(?m)^darts: backend \S+: `, `(?m)^init_ms=[0-9.]+ `, `(?m)^compile_ms=[0-9.]+ `, `(?m)^first_step_ms=[0-9.]+ \(train loss [0-9.]+, validation loss [0-9.]+\)$`, `(?m)^warmup 1: [0-9.]+ ms$`,
		`(?m)^step 1: [0-9.]+ ms$`, `(?m)^step 2: [0-9.]+ ms$`, `(?m)^peak_rss_mb=[1-9][0-9]*$`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output lacks %s:\n%s", re, out)
		}
	}
	if strings.Contains(out, "step 3:") {
		t.Errorf("-steps 2 timed more than two steps:\n%s", out)
	}
}

// TestBenchPCDARTS: -partial-channels and -edge-norm reach the timed network (its header says so,
// and its step differs from DARTS's on the same seed).
func TestBenchPCDARTS(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs a small search step")
	}
	loss := func(args ...string) string {
		t.Helper()
		code, out, errOut := call(append([]string{"bench", "-layers", "3", "-channels", "4", "-batch", "2", "-steps", "1", "-warmup", "0"}, args...)...)
		if code != 0 {
			t.Fatalf("bench %v: exit %d: %s", args, code, errOut)
		}
		if want := len(args) > 0; strings.Contains(out, ", partial channels K=4, edge normalisation;") != want {
			t.Errorf("bench %v: header names PC-DARTS: %v, want %v:\n%s", args, !want, want, out)
		}
		m := regexp.MustCompile(`(?m)^first_step_ms=[0-9.]+ \(train loss ([0-9.]+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no first step in:\n%s", out)
		}
		return m[1]
	}
	if pc, darts := loss("-partial-channels", "4", "-edge-norm"), loss(); pc == darts {
		t.Errorf("PC-DARTS's first train loss %s equals DARTS's", pc)
	}
}

func TestBenchErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-steps", "0"}, "-steps 0: want at least 1"},
		{[]string{"-warmup", "-1"}, "-warmup -1"},
		{[]string{"-batch", "0"}, "-batch 0"},
		{[]string{"-order", "3"}, "Order=3, want 1 or 2"},
		{[]string{"-layers", "0"}, "-layers 0: want at least 1"},
		{[]string{"-mode", "random"}, `Mode="random"`},
		{[]string{"-dtype", "float8"}, `ComputeDType="float8", want float32, bfloat16 or float16`},
		{[]string{"-partial-channels", "3"}, "PartialChannels=3 does not divide C=8"},
	} {
		code, out, errOut := call(append([]string{"bench"}, tc.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("bench %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

func TestPeakRSS(t *testing.T) {
	if v := peakRSSMB(); v != "unknown" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 {
			t.Errorf("peakRSSMB() = %q, want a positive number of MiB", v)
		}
	}
	if m := median([]float64{5, 1, 3}); m != 3 {
		t.Errorf("median of 5,1,3 = %v", m)
	}
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median of 4,1,3,2 = %v", m)
	}
}
