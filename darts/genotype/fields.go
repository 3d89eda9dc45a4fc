package genotype

import (
	"errors"
	"slices"
	"strings"
)

// cnnFields and recurrentFields are the namedtuples' fields in order; positional arguments fill
// them in this order, as Python's namedtuple does.
var (
	cnnFields       = []string{"normal", "normal_concat", "reduce", "reduce_concat"}
	recurrentFields = []string{"recurrent", "concat"}
)

// fieldAliases maps alternative names to a field: JSON calls the recurrent concat
// recurrent_concat, and a dict written by hand may use either.
var fieldAliases = map[string]string{"recurrent_concat": "concat"}

// isRecurrentArgs reports whether parsed arguments name recurrent fields.
func isRecurrentArgs(args []argument) bool {
	for _, a := range args {
		if a.name == "recurrent" || a.name == "concat" || a.name == "recurrent_concat" {
			return true
		}
	}
	return len(args) == len(recurrentFields) && args[0].name == ""
}

// assignFields matches arguments to the fields, reporting unknown, repeated and missing ones.
func assignFields(text string, args []argument, fields []string) (map[string]argument, error) {
	byName := make(map[string]argument, len(fields))
	for i, a := range args {
		name := a.name
		if alias, ok := fieldAliases[name]; ok {
			name = alias
		}
		if name == "" {
			if i >= len(fields) {
				return nil, newSyntaxError(text, a.offset, "too many positional fields: a genotype has %d (%s)", len(fields), strings.Join(fields, ", "))
			}
			name = fields[i]
		}
		if !slices.Contains(fields, name) {
			return nil, newSyntaxError(text, a.offset, "unknown field %q; expected %s", a.name, strings.Join(fields, ", "))
		}
		if _, seen := byName[name]; seen {
			return nil, newSyntaxError(text, a.offset, "field %s given twice", name)
		}
		byName[name] = a
	}
	var missing []string
	for _, f := range fields {
		if _, ok := byName[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, newSyntaxError(text, len(text), "genotype lacks field %s", strings.Join(missing, ", "))
	}
	return byName, nil
}

// parseCNNRepr reads a CNN genotype written as a Python repr (see parseGenotypeText).
func parseCNNRepr(text string) (Genotype, error) {
	args, err := parseGenotypeText(text)
	if err != nil {
		return Genotype{}, err
	}
	if isRecurrentArgs(args) {
		return Genotype{}, errors.New("genotype: this is a recurrent genotype (recurrent=..., concat=...); read it with ParseRecurrent")
	}
	fields, err := assignFields(text, args, cnnFields)
	if err != nil {
		return Genotype{}, err
	}
	var g Genotype
	if g.Normal, err = toEdges(text, fields["normal"].value); err != nil {
		return Genotype{}, err
	}
	if g.NormalConcat, err = toInts(text, fields["normal_concat"].value); err != nil {
		return Genotype{}, err
	}
	if g.Reduce, err = toEdges(text, fields["reduce"].value); err != nil {
		return Genotype{}, err
	}
	if g.ReduceConcat, err = toInts(text, fields["reduce_concat"].value); err != nil {
		return Genotype{}, err
	}
	if err := locateInvalid(text, g.Validate(), fields); err != nil {
		return Genotype{}, err
	}
	return g, nil
}

// parseRecurrentRepr reads a recurrent genotype written as a Python repr.
func parseRecurrentRepr(text string) (Recurrent, error) {
	args, err := parseGenotypeText(text)
	if err != nil {
		return Recurrent{}, err
	}
	if !isRecurrentArgs(args) {
		return Recurrent{}, errors.New("genotype: this is not a recurrent genotype (expected recurrent=..., concat=...); a CNN genotype is read with Parse")
	}
	fields, err := assignFields(text, args, recurrentFields)
	if err != nil {
		return Recurrent{}, err
	}
	var r Recurrent
	if r.Edges, err = toEdges(text, fields["recurrent"].value); err != nil {
		return Recurrent{}, err
	}
	if r.Concat, err = toInts(text, fields["concat"].value); err != nil {
		return Recurrent{}, err
	}
	if err := locateInvalid(text, r.Validate(), fields); err != nil {
		return Recurrent{}, err
	}
	return r, nil
}

// locateInvalid adds to a validation error the position of the offending edge or concat
// entry in the text, so a long pasted genotype's problem can be found. Other errors pass as is.
func locateInvalid(text string, err error, fields map[string]argument) error {
	var inv *InvalidError
	if !errors.As(err, &inv) {
		return err
	}
	arg, ok := fields[inv.Field]
	if !ok {
		return err
	}
	offset := arg.value.offset
	if inv.Index >= 0 && inv.Index < len(arg.value.items) {
		offset = arg.value.items[inv.Index].offset
	}
	loc := newSyntaxError(text, offset, "")
	located := *inv
	located.Offset, located.Line, located.Column = loc.Offset, loc.Line, loc.Column
	return &located
}

// toEdges converts a list of ('op', state) pairs.
func toEdges(text string, v pyValue) ([]Edge, error) {
	if v.kind != valList && v.kind != valTuple {
		return nil, newSyntaxError(text, v.offset, "expected a list of edges [('op', state), ...], found %s", v.describe())
	}
	edges := make([]Edge, len(v.items))
	for i, item := range v.items {
		if (item.kind != valList && item.kind != valTuple) || len(item.items) != 2 {
			return nil, newSyntaxError(text, item.offset, "expected an edge ('op', state), found %s", item.describe())
		}
		op, from := item.items[0], item.items[1]
		if op.kind != valString {
			return nil, newSyntaxError(text, op.offset, "expected the edge's op name as a string, found %s", op.describe())
		}
		if from.kind != valInt {
			return nil, newSyntaxError(text, from.offset, "expected the edge's input state as an integer, found %s", from.describe())
		}
		edges[i] = Edge{Op: op.str, From: from.num}
	}
	return edges, nil
}

// toInts converts a list, tuple or expanded range of integers.
func toInts(text string, v pyValue) ([]int, error) {
	if v.kind != valList && v.kind != valTuple {
		return nil, newSyntaxError(text, v.offset, "expected a list of states or range(...), found %s", v.describe())
	}
	values := make([]int, len(v.items))
	for i, item := range v.items {
		if item.kind != valInt {
			return nil, newSyntaxError(text, item.offset, "expected an integer state, found %s", item.describe())
		}
		values[i] = item.num
	}
	return values, nil
}
