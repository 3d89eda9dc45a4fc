package rnn

import (
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
)

// Primitives are the recurrent search space, in the reference's order (α columns follow it).
var Primitives = []string{"none", "tanh", "relu", "sigmoid", "identity"}

// ArchScope is the context scope holding α.
const ArchScope = "arch"

// InitRange is the reference's uniform initialisation range of every weight.
const InitRange = 0.04

// Config describes a recurrent DARTS language model.
type Config struct {
	Vocab  int `json:"vocab"`  // tokens (PTB: 10,000)
	Hidden int `json:"hidden"` // embedding and hidden size (they are tied): 300 search, 850 PTB, 700 WikiText-2
	// Genotype is the derived cell; nil means the search cell.
	Genotype *genotype.Recurrent `json:"genotype"`
	Steps    int                 `json:"steps"` // search cell nodes (paper: 8); the derived cell has len(Genotype.Edges)

	// Dropout probabilities: Output (locked, on the cell's outputs), Hidden (on h in the cell),
	// X (on x in the cell), Input (locked, on the embeddings), Embedding (whole words).
	Output     float64 `json:"output"`
	HiddenDrop float64 `json:"hidden_drop"`
	X          float64 `json:"x"`
	Input      float64 `json:"input"`
	Embedding  float64 `json:"embedding"`
}

// PaperSearch is the paper's PTB search model: 300 units, 8 nodes, dropouts 0.75/0.25/0.75/0.2
// and embedding dropout 0 (the reference's train_search.py: dropout 0.75, dropouth 0.25,
// dropoutx 0.75, dropouti 0.2, dropoute 0).
func PaperSearch(vocab int) Config {
	return Config{Vocab: vocab, Hidden: 300, Steps: 8, Output: 0.75, HiddenDrop: 0.25, X: 0.75, Input: 0.2}
}

// PaperEval is the paper's evaluation model of cell g: 850 units on PTB (700 on WikiText-2),
// dropouts 0.75 / 0.25 / 0.75 / 0.2 and embedding dropout 0.1 (train.py's defaults; WikiText-2
// uses dropouth 0.15).
func PaperEval(vocab, hidden int, g genotype.Recurrent) Config {
	return Config{Vocab: vocab, Hidden: hidden, Genotype: &g, Output: 0.75, HiddenDrop: 0.25, X: 0.75, Input: 0.2, Embedding: 0.1}
}

// nodes is the number of cell nodes.
func (c Config) nodes() int {
	if c.Genotype != nil {
		return len(c.Genotype.Edges)
	}
	return c.Steps
}

// NumEdges is the number of α rows of the search cell: node i has i+1 inputs.
func (c Config) NumEdges() int { return c.Steps * (c.Steps + 1) / 2 }

// Validate reports a configuration that cannot be built.
func (c Config) Validate() error {
	switch {
	case c.Vocab < 2:
		return fmt.Errorf("rnn: Vocab=%d, want >= 2", c.Vocab)
	case c.Hidden < 1:
		return fmt.Errorf("rnn: Hidden=%d, want >= 1", c.Hidden)
	case c.Genotype == nil && c.Steps < 1:
		return fmt.Errorf("rnn: Steps=%d, want >= 1 for the search cell", c.Steps)
	}
	for name, p := range map[string]float64{"Output": c.Output, "HiddenDrop": c.HiddenDrop, "X": c.X, "Input": c.Input, "Embedding": c.Embedding} {
		if p < 0 || p >= 1 {
			return fmt.Errorf("rnn: dropout %s=%g, want in [0, 1)", name, p)
		}
	}
	if c.Genotype != nil {
		if err := c.Genotype.Validate(); err != nil {
			return fmt.Errorf("rnn: %w", err)
		}
		for i, e := range c.Genotype.Edges {
			if activation(e.Op) == nil {
				return fmt.Errorf("rnn: genotype edge %d: unknown activation %q (want tanh, relu, sigmoid or identity)", i, e.Op)
			}
		}
	}
	return nil
}
