package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notCounts are the numeric flags that are not counts or sizes: each command checks them itself.
// The real-valued hyper-parameters (hyperFlags) check their own ranges: TestSearchHyperParameterFlags.
var notCounts = map[string]bool{"order": true, "seed": true, "epoch": true, "drop-path": true,
	"lr": true, "lr-min": true, "momentum": true, "weight-decay": true, "grad-clip": true, "arch-lr": true,
	"arch-weight-decay": true, "train-portion": true, "gamma": true, "aux-weight": true, "label-smoothing": true,
	"dropout": true, "dropouth": true, "dropoutx": true, "dropouti": true, "dropoute": true, "clip": true, "beta": true, "alpha": true,
	"early-stop-threshold": true}

// numericFlags lists a command's int, float and duration flags, from its -h text.
func numericFlags(t *testing.T, name string) []string {
	t.Helper()
	code, help, _ := call("help", name)
	if code != 0 {
		t.Fatalf("help %s: exit %d", name, code)
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  -(\S+) (int|int64|float|duration|value)\b`).FindAllStringSubmatch(help, -1) {
		if m[2] != "value" {
			names = append(names, m[1])
		}
	}
	return names
}

// TestCountFlagsValidatedOnEveryCommand gives every count and size flag of every command a value
// just out of range: each is a usage error naming the flag, before anything runs. Every numeric
// flag must be in flagLimits (or notCounts), so flags added later are covered too. Before, among
// others, search-rnn -epochs 0 and train-rnn -epochs -1 exited 0 doing nothing, search-rnn
// -steps-per-epoch -5 ran a whole pass, and plot -width -5 drew at the default width.
func TestCountFlagsValidatedOnEveryCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	checked := map[string]int{}
	for _, c := range commands() {
		for _, name := range numericFlags(t, c.name) {
			if notCounts[name] {
				continue
			}
			lim, ok := flagLimits[name]
			if !ok {
				t.Errorf("%s -%s: a numeric flag without a limit in flagLimits (nor in notCounts)", c.name, name)
				continue
			}
			bad := []string{fmt.Sprint(lim.min - 1), "-1000000"}
			if lim.exclusive {
				bad = []string{fmt.Sprint(lim.min), "-5"}
			}
			if name == "min-time" {
				bad = []string{"0s", "-5s"}
			}
			for _, v := range bad {
				args := []string{c.name, "-" + name, v, "-out", out}
				if c.name == "plot" {
					args = []string{"plot", "cell", "-genotype", "DARTS_V2", "-" + name, v, "-out", out + ".png"}
				}
				if !strings.Contains(strings.Join(flagNames(t, c.name), " "), "-out") {
					args = args[:3]
				}
				code, stdout, stderr := call(args...)
				want := fmt.Sprintf("-%s %s: want %s", name, v, lim.want)
				if code != 2 || !strings.Contains(stderr, want) {
					t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", args, code, stdout, stderr, want)
				}
				checked[c.name]++
			}
		}
	}
	for _, name := range []string{"search", "train", "search-rnn", "train-rnn", "random-search", "select",
		"random-search-rnn", "select-rnn", "bench", "bench-rnn", "bench-ops", "params", "flops", "derive", "plot"} {
		if checked[name] == 0 {
			t.Errorf("%s: no count flag checked", name)
		}
	}
}

// flagNames lists every flag of a command, from its -h text.
func flagNames(t *testing.T, name string) []string {
	t.Helper()
	_, help, _ := call("help", name)
	return regexp.MustCompile(`(?m)^  (-\S+)`).FindAllString(help, -1)
}
