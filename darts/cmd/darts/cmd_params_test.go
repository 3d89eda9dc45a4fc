package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestParamsReferenceCounts checks the reference's search-network counts
// (../shared/reference/README.md) on the last line, alone.
func TestParamsReferenceCounts(t *testing.T) {
	for _, tc := range []struct {
		layers, channels int
		want             string
	}{
		{8, 16, "1930618"},
		{5, 8, "394210"},
		{5, 16, "1275834"},
	} {
		code, out, errOut := call("params", "-net", "search", "-layers", fmt.Sprint(tc.layers),
			"-channels", fmt.Sprint(tc.channels), "-classes", "10")
		if code != 0 {
			t.Fatalf("%d cells C=%d: exit %d: %s", tc.layers, tc.channels, code, errOut)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if last := lines[len(lines)-1]; last != tc.want {
			t.Errorf("%d cells C=%d: last line %q, want %q (output %q)", tc.layers, tc.channels, last, tc.want, out)
		}
	}
}

// TestParamsPartialChannels: the PC-DARTS search network's count equals its reference's
// (yuhuixu1993/PC-DARTS model_search.py, K=4: 299,578 at the paper's size; see
// search.TestPartialChannelParams for how it was counted).
func TestParamsPartialChannels(t *testing.T) {
	code, out, errOut := call("params", "-net", "search", "-partial-channels", "4")
	if code != 0 || !strings.HasSuffix(out, "\n299578\n") || !strings.Contains(out, "K=4") {
		t.Errorf("exit %d, output %q (%s); want 299578 last", code, out, errOut)
	}
	if code, _, errOut := call("params", "-net", "search", "-partial-channels", "3"); code != 2 || !strings.Contains(errOut, "does not divide C=16") {
		t.Errorf("-partial-channels 3: exit %d, %q", code, errOut)
	}
}

func TestParamsDefaultsArePaperSearchNet(t *testing.T) {
	_, out, _ := call("params")
	if !strings.HasSuffix(out, "\n1930618\n") {
		t.Errorf("output %q, want the 8-cell C=16 count last", out)
	}
}

func TestParamsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-net", "cifar", "-genotype", "NoSuchCell"}, 2, "-genotype: "},
		{[]string{"-net", "imagenet", "-channels", "47"}, 2, "even C"},
		{[]string{"-net", "rnn", "-data", "enwik8"}, 2, "-data \"enwik8\": want ptb or wikitext2"},
		{[]string{"-net", "resnet"}, 2, `-net "resnet": unknown network`},
		{[]string{"-layers", "0"}, 2, "-layers 0: want at least 1"},
		{[]string{"-classes", "1"}, 2, "-classes 1: want at least 2"},
		{[]string{"-layers", "x"}, 2, `invalid value "x" for flag -layers`},
	} {
		code, out, errOut := call(append([]string{"params"}, tc.args...)...)
		if code != tc.code || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("params %v: exit %d, stdout %q, stderr %q; want exit %d and %q",
				tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}

// TestParamsAndFlopsEvalNets: the evaluation networks' reference counts through the command, and
// the ImageNet multiply-adds, each alone on the last line.
func TestParamsAndFlopsEvalNets(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"params", "-net", "cifar"}, "3349342"},
		{[]string{"params", "-net", "cifar", "-auxiliary"}, "3825768"},
		{[]string{"params", "-net", "cifar", "-genotype", "DARTS_V1"}, "3169414"},
		{[]string{"params", "-net", "imagenet", "-auxiliary"}, "5979528"},
		{[]string{"flops", "-net", "imagenet", "-genotype", "DARTS_V2"}, "529911552"},
		{[]string{"params", "-net", "rnn"}, "22960000"},
		{[]string{"params", "-net", "rnn", "-data", "wikitext2", "-genotype", "DARTS"}, "33127878"},
		{[]string{"params", "-net", "rnn", "-genotype", "search"}, "4810000"},
	} {
		code, out, errOut := call(tc.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errOut)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if last := lines[len(lines)-1]; last != tc.want {
			t.Errorf("%v: last line %q, want %q", tc.args, last, tc.want)
		}
	}
}
