package main

import (
	"fmt"
	"io"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/search"
)

// runParams counts the trainable parameters of a network. Only the search network exists yet;
// the evaluation networks (cifar, imagenet) and the recurrent one (rnn) are named so that asking
// for them says "not implemented yet" rather than "unknown".
func runParams(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("params", stderr)
	net := fs.String("net", "search", "network: search (cifar, imagenet and rnn are not implemented yet)")
	layers := fs.Int("layers", 8, "cells")
	channels := fs.Int("channels", 16, "initial channels C")
	classes := fs.Int("classes", 10, "classes K")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *net {
	case "search":
	case "cifar", "imagenet", "rnn":
		return fmt.Errorf("-net %s: not implemented yet (only -net search is)", *net)
	default:
		return usagef("-net %q: unknown network (want search, cifar, imagenet or rnn)", *net)
	}
	cfg := search.Config{C: *channels, Layers: *layers, NumClasses: *classes}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	// Counting only builds the graph, never runs it: any backend would do, the CPU one is always there.
	b, err := backend.NewCPU("")
	if err != nil {
		return err
	}
	defer b.Finalize()
	n := search.CountParams(b, cfg)
	fmt.Fprintf(stdout, "search network: %d cells, %d initial channels, %d classes; trainable weights (α excluded):\n%d\n",
		cfg.Layers, cfg.C, cfg.NumClasses, n)
	return nil
}
