package main

import (
	"flag"
	"fmt"
)

// hyperFlags are a command's real-valued hyper-parameters as flags. Each flag's default is the
// paper's value, which -h shows; a value given on the command line replaces the field of the
// configuration the command starts from (the paper's or -quick's), and only then, so -quick keeps
// its own values for the flags not given.
type hyperFlags[C any] struct {
	fs    *flag.FlagSet
	flags []hyperFlag[C]
}

type hyperFlag[C any] struct {
	name  string
	value *float64
	field func(*C) *float64
	check func(float64) bool // nil: any value
	want  string             // what check accepts, for the error
}

func newHyperFlags[C any](fs *flag.FlagSet) *hyperFlags[C] { return &hyperFlags[C]{fs: fs} }

// add defines -name with the paper's value paper as its default.
func (h *hyperFlags[C]) add(name string, paper float64, usage string, field func(*C) *float64, check func(float64) bool, want string) {
	if paper == 0 {
		usage += " (default 0)" // flag prints no default for a zero value
	}
	h.flags = append(h.flags, hyperFlag[C]{name: name, value: h.fs.Float64(name, paper, usage), field: field, check: check, want: want})
}

// check refuses a flag given on the command line (set) out of its range.
func (h *hyperFlags[C]) check(set map[string]bool) error {
	for _, f := range h.flags {
		if set[f.name] && f.check != nil && !f.check(*f.value) {
			return usagef("-%s %g: want %s", f.name, *f.value, f.want)
		}
	}
	return nil
}

// apply writes the flags given on the command line (set) into c.
func (h *hyperFlags[C]) apply(c *C, set map[string]bool) {
	for _, f := range h.flags {
		if set[f.name] {
			*f.field(c) = *f.value
		}
	}
}

// names are the flags' names (for the lists of flags a resume compares).
func (h *hyperFlags[C]) names() []string {
	names := make([]string, len(h.flags))
	for i, f := range h.flags {
		names[i] = f.name
	}
	return names
}

// The usual ranges of hyper-parameters.
var (
	positive    = func(v float64) bool { return v > 0 }
	nonNegative = func(v float64) bool { return v >= 0 }
	fraction    = func(v float64) bool { return v >= 0 && v < 1 }
	openUnit    = func(v float64) bool { return v > 0 && v < 1 }
)

// quickNote is the usage suffix of a flag whose -quick value differs from the paper's.
func quickNote(quick float64) string { return fmt.Sprintf(" (-quick: %g)", quick) }
