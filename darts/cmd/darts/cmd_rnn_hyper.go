package main

import (
	"flag"
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/rnn"
	"github.com/dartsml/godarts/data/text"
)

// addDropoutFlags defines the recurrent model's dropouts under the names of the reference's
// scripts (--dropout, --dropouth, --dropoutx, --dropouti, --dropoute), paper's values as defaults.
func addDropoutFlags[C any](h *hyperFlags[C], paper, quick rnn.Config, net func(*C) *rnn.Config, wikitext2 string) {
	for _, d := range []struct {
		name, what string
		field      func(*rnn.Config) *float64
	}{
		{"dropout", "locked dropout on the cell's outputs", func(n *rnn.Config) *float64 { return &n.Output }},
		{"dropouth", "dropout on h inside the cell" + wikitext2, func(n *rnn.Config) *float64 { return &n.HiddenDrop }},
		{"dropoutx", "dropout on x inside the cell", func(n *rnn.Config) *float64 { return &n.X }},
		{"dropouti", "locked dropout on the embeddings", func(n *rnn.Config) *float64 { return &n.Input }},
		{"dropoute", "dropout of whole words from the embedding", func(n *rnn.Config) *float64 { return &n.Embedding }},
	} {
		usage := d.what
		if q, p := *d.field(&quick), *d.field(&paper); q != p {
			usage += quickNote(q)
		}
		h.add(d.name, *d.field(&paper), usage, func(c *C) *float64 { return d.field(net(c)) }, fraction, "in [0, 1)")
	}
}

// rnnSearchHyper are search-rnn's hyper-parameter flags (train_search.py's).
func rnnSearchHyper(fs *flag.FlagSet) (*hyperFlags[rnn.SearchConfig], *int) {
	paper, quick := rnn.PaperSearchConfig(1, 2), rnn.QuickSearchConfig(1, 2)
	h := newHyperFlags[rnn.SearchConfig](fs)
	h.add("lr", paper.LR, "learning rate of the weights (SGD)",
		func(c *rnn.SearchConfig) *float64 { return &c.LR }, positive, "more than 0")
	h.add("weight-decay", paper.WeightDecay, "weight decay of the weights",
		func(c *rnn.SearchConfig) *float64 { return &c.WeightDecay }, nonNegative, "0 or more")
	h.add("clip", paper.Clip, "global-norm clip of the weight gradient",
		func(c *rnn.SearchConfig) *float64 { return &c.Clip }, positive, "more than 0")
	h.add("arch-lr", paper.ArchLR, "α learning rate (Adam, betas 0.9 and 0.999)",
		func(c *rnn.SearchConfig) *float64 { return &c.ArchLR }, positive, "more than 0")
	h.add("arch-weight-decay", paper.ArchWeightDecay, "α weight decay",
		func(c *rnn.SearchConfig) *float64 { return &c.ArchWeightDecay }, nonNegative, "0 or more")
	h.add("beta", paper.Beta, "weight of the slowness penalty on successive hidden states (temporal activation regularisation)",
		func(c *rnn.SearchConfig) *float64 { return &c.Beta }, nonNegative, "0 or more")
	h.add("alpha", paper.Alpha, "weight of the mean square of the dropped cell outputs (activation regularisation)",
		func(c *rnn.SearchConfig) *float64 { return &c.Alpha }, nonNegative, "0 or more")
	addDropoutFlags(h, paper.Net, quick.Net, func(c *rnn.SearchConfig) *rnn.Config { return &c.Net }, "")
	bptt := fs.Int("bptt", paper.BPTT, fmt.Sprintf("window length (halved with probability 0.05, then drawn around it; -quick: %d)", quick.BPTT))
	return h, bptt
}

// rnnTrainHyper are train-rnn's hyper-parameter flags (train.py's).
func rnnTrainHyper(fs *flag.FlagSet) (*hyperFlags[rnn.TrainRunConfig], *int, *int, *int) {
	paper, quick := rnn.PaperTrainConfig(genotype.Recurrent{}, 2, false), rnn.QuickTrainConfig(genotype.Recurrent{}, 2)
	wt2 := rnn.PaperTrainConfig(genotype.Recurrent{}, 2, true)
	h := newHyperFlags[rnn.TrainRunConfig](fs)
	h.add("lr", paper.Opt.LR, "learning rate (SGD, then averaged SGD)",
		func(c *rnn.TrainRunConfig) *float64 { return &c.Opt.LR }, positive, "more than 0")
	h.add("weight-decay", paper.Opt.WeightDecay, fmt.Sprintf("weight decay (wikitext2: %g)", wt2.Opt.WeightDecay),
		func(c *rnn.TrainRunConfig) *float64 { return &c.Opt.WeightDecay }, nonNegative, "0 or more")
	h.add("clip", paper.Opt.Clip, "global-norm clip of the gradient",
		func(c *rnn.TrainRunConfig) *float64 { return &c.Opt.Clip }, positive, "more than 0")
	h.add("beta", paper.Opt.Beta, "weight of the slowness penalty on successive hidden states (temporal activation regularisation)",
		func(c *rnn.TrainRunConfig) *float64 { return &c.Opt.Beta }, nonNegative, "0 or more")
	h.add("alpha", paper.Opt.Alpha, "weight of the mean square of the dropped cell outputs (activation regularisation)",
		func(c *rnn.TrainRunConfig) *float64 { return &c.Opt.Alpha }, nonNegative, "0 or more")
	addDropoutFlags(h, paper.Net, quick.Net, func(c *rnn.TrainRunConfig) *rnn.Config { return &c.Net },
		fmt.Sprintf(" (wikitext2: %g)", wt2.Net.HiddenDrop))
	bptt := fs.Int("bptt", paper.BPTT, fmt.Sprintf("base window length (lengths drawn around it; -quick: %d)", quick.BPTT))
	nonmono := fs.Int("nonmono", paper.Opt.NonMono, fmt.Sprintf("the switch to averaged SGD: when the validation loss is worse than the best "+
		"before the last N evaluations (-quick: %d)", quick.Opt.NonMono))
	delta := fs.Int("max-seq-len-delta", text.DefaultMaxSeqLenDelta, "window lengths are capped at -bptt plus this")
	return h, bptt, nonmono, delta
}
