package main

import (
	"strings"
	"testing"
)

// call runs the command line in-process.
func call(args ...string) (code int, stdout, stderr string) {
	var out, errOut strings.Builder
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestNoArgumentsPrintsUsage(t *testing.T) {
	code, out, errOut := call()
	if code != 2 || out != "" || !strings.Contains(errOut, "Usage:") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and the usage on stderr", code, out, errOut)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := call("help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, strings.TrimRight("darts "+c.name+" "+c.synopsis, " ")) || !strings.Contains(out, c.summary) {
			t.Errorf("help lacks %s:\n%s", c.name, out)
		}
	}
}

func TestHelpOfCommandPrintsItsFlags(t *testing.T) {
	code, out, _ := call("help", "params")
	if code != 0 || !strings.Contains(out, "Usage: darts params") || !strings.Contains(out, "-channels") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, _, errOut := call("help", "train-the-world")
	if code != 2 || !strings.Contains(errOut, `unknown command "train-the-world"`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, out, errOut := call("serch")
	if code != 2 || out != "" || !strings.Contains(errOut, `unknown command "serch"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	for _, c := range commands() {
		code, out, errOut := call(c.name, "-bogus")
		if code != 2 || out != "" {
			t.Errorf("%s -bogus: exit %d, stdout %q", c.name, code, out)
		}
		if !strings.Contains(errOut, "flag provided but not defined: -bogus") || !strings.Contains(errOut, "Usage: darts "+c.name) {
			t.Errorf("%s -bogus: stderr:\n%s", c.name, errOut)
		}
	}
}

func TestPositionalArgumentRefused(t *testing.T) {
	code, _, errOut := call("params", "-layers", "5", "extra")
	if code != 2 || !strings.Contains(errOut, `unexpected argument "extra"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDashHExitsZero(t *testing.T) {
	code, _, errOut := call("derive", "-h")
	if code != 0 || !strings.Contains(errOut, "-alphas") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
