package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/rnn"
	"github.com/dartsml/godarts/darts/search"
)

// runParams counts the trainable parameters of a network; the last line is the count alone.
// The recurrent network (rnn) is named so that asking for it says "not implemented yet".
func runParams(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("params", stderr)
	net := fs.String("net", "search", "network: search, cifar, imagenet or rnn")
	data := fs.String("data", "ptb", "rnn: ptb (vocabulary 10,000, 850 units) or wikitext2 (33,278, 700 units); -genotype search counts the search model (300 units)")
	ev := evalFlags(fs)
	auxiliary := fs.Bool("auxiliary", false, "cifar, imagenet: count the auxiliary head too")
	partial := fs.Int("partial-channels", 0, "search: PC-DARTS's K (every mixed op on C/K channels; the paper 4); 0: DARTS")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// Counting only builds the graph, never runs it: any backend would do, the CPU one is always there.
	b, err := backend.NewCPU("")
	if err != nil {
		return err
	}
	defer b.Finalize()
	switch *net {
	case "search":
		cfg := search.Config{C: ev.orDefault("channels", 16), Layers: ev.orDefault("layers", 8), NumClasses: ev.orDefault("classes", 10),
			PartialChannels: *partial}
		if err := cfg.Validate(); err != nil {
			return usageError{err}
		}
		pc := ""
		if *partial > 1 {
			pc = fmt.Sprintf(", partial channels K=%d (PC-DARTS)", *partial)
		}
		fmt.Fprintf(stdout, "search network: %d cells, %d initial channels, %d classes%s; trainable weights (α, β excluded):\n%d\n",
			cfg.Layers, cfg.C, cfg.NumClasses, pc, search.CountParams(b, cfg))
		return nil
	case "cifar", "imagenet":
		cfg, err := ev.config(*net)
		if err != nil {
			return err
		}
		cfg.Auxiliary = *auxiliary
		with := "without"
		if cfg.Auxiliary {
			with = "with"
		}
		fmt.Fprintf(stdout, "%s network, %d cells, %d initial channels, %d classes, %s the auxiliary head; genotype %s; trainable weights:\n%d\n",
			cfg.Kind, cfg.Layers, cfg.C, cfg.NumClasses, with, cfg.Genotype, cfg.CountParams(b))
		return nil
	case "rnn":
		return rnnParams(*ev.genotype, *data, stdout, ev)
	}
	return usagef("-net %q: unknown network (want search, cifar, imagenet or rnn)", *net)
}

// runFlops counts the multiply-adds of an evaluation network; the last line is the count alone.
func runFlops(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("flops", stderr)
	net := fs.String("net", "imagenet", "cifar (32x32 input) or imagenet (224x224)")
	ev := evalFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := ev.config(*net)
	if err != nil {
		return err
	}
	b, err := backend.NewCPU("")
	if err != nil {
		return err
	}
	defer b.Finalize()
	side := cfg.InputSize()
	fmt.Fprintf(stdout, "%s network, %d cells, %d initial channels; genotype %s;\nmultiply-adds of one %dx%d image (convolutions and linear layers; the paper quotes 574M for DARTS_V2 on ImageNet):\n%d\n",
		cfg.Kind, cfg.Layers, cfg.C, cfg.Genotype, side, side, cfg.CountMultAdds(b))
	return nil
}

// evalNetFlags are the flags shared by params and flops for evaluation networks.
type evalNetFlags struct {
	genotype                  *string
	layers, channels, classes *int
	fs                        *flag.FlagSet
}

func evalFlags(fs *flag.FlagSet) *evalNetFlags {
	e := &evalNetFlags{
		genotype: fs.String("genotype", "DARTS_V2", "cifar, imagenet: a built-in name, a genotype file, or the repr text (rnn: default the published DARTS cell; search for the search model)"),
		layers:   fs.Int("layers", 0, "cells (default: search 8, cifar 20, imagenet 14)"),
		channels: fs.Int("channels", 0, "initial channels C (default: search 16, cifar 36, imagenet 48)"),
		classes:  fs.Int("classes", 0, "classes (default: 10, imagenet 1000)"),
		fs:       fs,
	}
	return e
}

// orDefault is the named flag's value when it was given (even a bad one, which validation then
// reports), else def.
func (e *evalNetFlags) orDefault(name string, def int) int {
	v := map[string]*int{"layers": e.layers, "channels": e.channels, "classes": e.classes}[name]
	given := false
	e.fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	if given {
		return *v
	}
	return def
}

// config is the paper's network of that kind with the flags' changes.
func (e *evalNetFlags) config(net string) (evalnet.Config, error) {
	g, err := resolveGenotype(*e.genotype)
	if err != nil {
		return evalnet.Config{}, usagef("-genotype: %v", err)
	}
	var cfg evalnet.Config
	switch net {
	case "cifar":
		cfg = evalnet.PaperCIFAR(g)
	case "imagenet":
		cfg = evalnet.PaperImageNet(g)
	default:
		return cfg, usagef("-net %q: want cifar or imagenet", net)
	}
	cfg.Layers, cfg.C, cfg.NumClasses = e.orDefault("layers", cfg.Layers), e.orDefault("channels", cfg.C), e.orDefault("classes", cfg.NumClasses)
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

// rnnVocab is the vocabulary of each language-model corpus (built from its training split; the
// data/text tests check these sizes on the real files).
var rnnVocab = map[string]struct{ vocab, hidden int }{"ptb": {10000, 850}, "wikitext2": {33278, 700}}

// rnnParams counts a recurrent model: the search model for -genotype search, else the evaluation
// model of the genotype at the data set's paper size.
func rnnParams(src, data string, stdout io.Writer, ev *evalNetFlags) error {
	size, ok := rnnVocab[data]
	if !ok {
		return usagef("-data %q: want ptb or wikitext2", data)
	}
	var cfg rnn.Config
	kind := "evaluation"
	given := false
	ev.fs.Visit(func(f *flag.Flag) { given = given || f.Name == "genotype" })
	if !given {
		src = "DARTS" // the published recurrent cell
	}
	if src == "search" {
		cfg, kind = rnn.PaperSearch(size.vocab), "search"
	} else {
		g, err := resolveRecurrent(src)
		if err != nil {
			return usagef("-genotype: %v", err)
		}
		cfg = rnn.PaperEval(size.vocab, size.hidden, g)
	}
	cfg.Hidden = ev.orDefault("channels", cfg.Hidden)
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	b, err := backend.NewCPU("")
	if err != nil {
		return err
	}
	defer b.Finalize()
	fmt.Fprintf(stdout, "recurrent %s model, %s: vocabulary %d, %d units; trainable weights (α excluded):\n%d\n",
		kind, data, cfg.Vocab, cfg.Hidden, cfg.CountParams(b))
	return nil
}
