package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dartsml/godarts/darts/run/checkpoint"
)

// command is one subcommand.
type command struct {
	name     string
	synopsis string // flags, as in the usage text
	summary  string // one line
	run      func(args []string, stdout, stderr io.Writer) error
}

// commands in the order help lists them. A function, not a variable: the commands' usage
// functions refer back to this list through usage, which would be an initialisation cycle.
func commands() []command {
	return []command{
		{"bench-ops", "[-stock-cell] [-runs N] [-min-time D] [-ops LIST]",
			"time DARTS ops forward+backward on the stock and our CPU backend", runBenchOps},
		{"params", "-net search|cifar|imagenet|rnn [-genotype G] [-data ptb|wikitext2] [-layers N] [-channels C] [-classes K] [-auxiliary]",
			"count a network's trainable parameters (last line: the count alone)", runParams},
		{"derive", "-alphas FILE [-multiplier M]",
			"derive the discrete genotype from architecture weights (JSON in, JSON out)", runDerive},
		{"bench", "[-layers N] [-channels C] [-batch B] [-order 1|2] [-steps S] [-warmup W] [-graph [-for xla|darts-cpu]]", "time full search steps (one α step + one weight step) on synthetic CIFAR-shaped data; -graph counts the step graph's nodes instead, without running it", runBench},
		{"bench-rnn", "[-hidden H] [-vocab V] [-batch B] [-bptt T] [-order 1|2] [-steps S]", "time recurrent search steps (paper size by default): compile time and ms per step", runBenchRNN},
		{"bench-train", "-net cifar|imagenet|rnn [-genotype G] [-layers N] [-channels C] [-batch B] [-image S] [-auxiliary=false] [-drop-path P] [-hidden H] [-vocab V] [-bptt T] [-steps S] [-warmup W] [-profile]",
			"time evaluation training steps (paper sizes by default) on synthetic data: compile time, first step, ms per step, peak memory", runBenchTrain},
		{"search", "-data cifar10|mnist|fashion|synthetic|DIR -out DIR [-quick] [-order 1|2] [-mode bilevel|alternating|simultaneous] [-layers N] [-channels C] [-batch B] [-epochs E] [-steps-per-epoch K] [-seed S] [-lr η] [-lr-min η] [-momentum m] [-weight-decay λ] [-grad-clip c] [-arch-lr η] [-arch-weight-decay λ] [-train-portion p] [-cutout L] [-bn-stats reference|weight-step] [-paper-schedule] [-split reference|random] [-data-path P] [-resume]", "search a CNN cell with DARTS into a run directory (Ctrl-C checkpoints; -resume continues)", runSearch},
		{"train", "-genotype G -out DIR [-repeats N] [-net cifar|imagenet] [-data cifar10|synthetic|DIR] [-quick] [-layers N] [-channels C] [-batch B] [-epochs E] [-steps-per-epoch K] [-auxiliary=false] [-seed S] [-lr η] [-lr-min η] [-gamma γ] [-momentum m] [-weight-decay λ] [-grad-clip c] [-aux-weight w] [-drop-path p] [-label-smoothing ε] [-decay-period N] [-cutout N] [-resume]",
			"train a genotype's evaluation network from scratch into a run directory (Ctrl-C checkpoints; -resume continues)", runTrain},
		{"flops", "[-net cifar|imagenet] [-genotype G] [-layers N] [-channels C] [-classes K]",
			"count the multiply-adds of one forward pass at the paper's input size (last line: the count alone)", runFlops},
		{"random-search", "-out DIR [-data cifar10|synthetic] [-samples N] [-quick] [-epochs E] [-layers N] [-channels C] [-batch B] [-steps-per-epoch K] [-seed S]",
			"the paper's random baseline: sample genotypes, train each briefly, keep the best on validation", runRandomSearch},
		{"select", "-genotype G -genotype G ... -out DIR [-data cifar10|synthetic] [-quick] [-epochs E] ...",
			"the paper's cell selection: train each candidate briefly, keep the best on validation", runSelect},
		{"progress", "-run DIR [-run DIR ...] -out DIR [-at E,E,...] [-random N] [-data cifar10|synthetic] [-quick] [-epochs E] [-layers N] [-channels C] [-batch B] [-steps-per-epoch K] [-seed S]",
			"the paper's search progress (Figure 3): train the genotype of chosen search epochs and random cells briefly, write progress.jsonl", runProgress},
		{"install-cuda", "[-lib DIR] [-plugin cuda13|cuda12] [-version V]",
			"download and install the PJRT CUDA plugin with GoMLX's installer (needs the network; for the CUDA image)", runInstallCUDA},
		{"search-rnn", "-out DIR [-data ptb|wikitext2|DIR] [-order 1|2] [-quick] [-epochs E] [-steps-per-epoch K] [-batch B] [-nhid N] [-seed S] [-lr η] [-bptt N] [-dropout p] [-dropouth p] [-dropoutx p] [-dropouti p] [-dropoute p] [-weight-decay λ] [-clip c] [-beta β] [-alpha a] [-arch-lr η] [-arch-weight-decay λ] [-resume]",
			"search a recurrent cell with DARTS on Penn Treebank into a run directory", runSearchRNN},
		{"train-rnn", "-out DIR [-genotype G] [-data ptb|wikitext2|DIR] [-quick] [-epochs E] [-steps-per-epoch K] [-batch B] [-nhid N] [-seed S] [-lr η] [-bptt N] [-dropout p] [-dropouth p] [-dropoutx p] [-dropouti p] [-dropoute p] [-weight-decay λ] [-clip c] [-beta β] [-alpha a] [-nonmono N] [-max-seq-len-delta D] [-resume]",
			"train a recurrent cell's language model (SGD, then averaged SGD) into a run directory", runTrainRNN},
		{"random-search-rnn", "-out DIR [-data ptb|wikitext2|DIR] [-samples N] [-quick] [-epochs E] [-steps-per-epoch K] [-batch B] [-seed S]",
			"the paper's random baseline for recurrent cells: sample cells, train each briefly, keep the best on validation", runRandomSearchRNN},
		{"select-rnn", "-genotype G -genotype G ... -out DIR [-data ptb|wikitext2|DIR] [-quick] [-epochs E] ...",
			"the paper's selection among recurrent cells: train each briefly, keep the best on validation", runSelectRNN},
		{"download", "cifar10|mnist|fashion-mnist|ptb|wikitext2|all ... [-dir DIR]",
			"download data sets (checksums verified, resumable) into -dir, $DARTS_DATA or the user cache, where the other commands look", runDownload},
		{"version", "", "print the version, the commit built from, Go's and GoMLX's versions", runVersion},
		{"plot", "cell|alphas|alphas-time|curves|progress|compare|gif -run DIR | -genotype G ... -out FILE [-width W -height H -dpi D]", "draw a figure (PNG, SVG, PDF or .dot for cells by -out's extension, all of them without one; GIF for gif)", runPlot},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError marks errors in how the command was called (exit status 2, as flag uses).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run dispatches to the subcommand and returns the exit status: 0, 1 for a failure, 2 for a
// usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeUsage(stderr)
		return 2
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		return runHelp(rest, stdout, stderr)
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "darts: unknown command %q; run 'darts help' for the list\n", name)
		return 2
	}
	// Recovered problems (a damaged newest checkpoint replaced by the previous one) are the
	// command's to report.
	checkpoint.Warn = func(msg string) { fmt.Fprintf(stderr, "darts %s: %s\n", name, msg) }
	err := cmd.run(rest, stdout, stderr)
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "darts %s: %v\n", name, err)
		return 2
	}
	fmt.Fprintf(stderr, "darts %s: %v\n", name, err)
	return 1
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// runHelp prints the general usage, or a subcommand's own (its -h).
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeUsage(stdout)
		return 0
	}
	cmd, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "darts help: unknown command %q\n", args[0])
		writeUsage(stderr)
		return 2
	}
	// -h makes the subcommand print its usage and flags to its stderr: send that to stdout here.
	cmd.run([]string{"-h"}, stdout, stdout)
	return 0
}

func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("darts: differentiable architecture search (DARTS) toolkit\n\nUsage:\n")
	width := len("help")
	for _, c := range commands() {
		b.WriteString(strings.TrimRight("  darts "+c.name+" "+c.synopsis, " ") + "\n")
		width = max(width, len(c.name))
	}
	b.WriteString("  darts help [command]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(&b, "  %-*s  %s\n", width, "help", "print this text, or a command's flags")
	io.WriteString(w, b.String())
}

// newFlagSet creates a subcommand's flag set: errors are returned, not fatal, and its -h text
// starts with the command's synopsis.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("darts "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		cmd, _ := lookup(name)
		fmt.Fprintf(fs.Output(), "%s\n\n%s.\n\nFlags:\n", strings.TrimRight("Usage: darts "+name+" "+cmd.synopsis, " "), cmd.summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, refusing positional arguments and count or size flags out of range
// (checkFlagLimits); flag has already printed the usage for a bad flag, so the error is a usage
// error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (all options are flags; see 'darts help %s')",
			fs.Arg(0), strings.TrimPrefix(fs.Name(), "darts "))
	}
	return checkFlagLimits(fs)
}
