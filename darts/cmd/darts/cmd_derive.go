package main

import (
	"fmt"
	"io"

	"github.com/dartsml/godarts/darts/genotype"
)

// runDerive reads architecture weights (logits) from a JSON file and prints the genotype the
// reference would derive from them, as JSON. The cell size is read off the matrices' row counts,
// so alphas of any number of nodes work, not just the paper's 4 (CNN) and 8 (recurrent).
func runDerive(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("derive", stderr)
	path := fs.String("alphas", "", `JSON file with "normal" and "reduce" logit matrices (edges × 8 CNN primitives) and/or "recurrent" (edges × 5)`)
	multiplier := fs.Int("multiplier", 0, "CNN nodes concatenated into the cell output (default: all of them, as the paper)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return usagef("-alphas FILE is required")
	}
	alphas, err := readAlphas(*path)
	if err != nil {
		return err
	}
	var out derived
	if alphas.Normal != nil {
		steps, err := cnnSteps(*path, alphas.Normal)
		if err != nil {
			return err
		}
		m := *multiplier
		if m == 0 {
			m = steps
		}
		g, err := genotype.DeriveCNN(alphas.Normal, alphas.Reduce, steps, m)
		if err != nil {
			return fmt.Errorf("%s: %w", *path, err)
		}
		out.cnn = &g
	}
	if alphas.Recurrent != nil {
		steps, err := recurrentSteps(*path, alphas.Recurrent)
		if err != nil {
			return err
		}
		r, err := genotype.DeriveRecurrent(alphas.Recurrent, steps)
		if err != nil {
			return fmt.Errorf("%s: %w", *path, err)
		}
		out.rnn = &r
	}
	text, err := out.marshal()
	if err != nil {
		return err
	}
	_, err = stdout.Write(text)
	return err
}

// cnnSteps infers the nodes of a CNN cell from its α rows: node i has i+2 edges, so n nodes have
// n(n+3)/2 rows.
func cnnSteps(path string, normal [][]float32) (int, error) {
	for n := 1; n*(n+3)/2 <= len(normal); n++ {
		if n*(n+3)/2 == len(normal) {
			return n, nil
		}
	}
	return 0, fmt.Errorf(`%s: "normal" has %d rows; a CNN cell of n nodes has n(n+3)/2 edges (2, 5, 9, 14, 20, ...)`,
		path, len(normal))
}

// recurrentSteps infers the nodes of a recurrent cell: node i has i+1 edges, n(n+1)/2 rows.
func recurrentSteps(path string, alpha [][]float32) (int, error) {
	for n := 1; n*(n+1)/2 <= len(alpha); n++ {
		if n*(n+1)/2 == len(alpha) {
			return n, nil
		}
	}
	return 0, fmt.Errorf(`%s: "recurrent" has %d rows; a recurrent cell of n nodes has n(n+1)/2 edges (1, 3, 6, ..., 36 for 8)`,
		path, len(alpha))
}
