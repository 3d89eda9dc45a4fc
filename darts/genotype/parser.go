package genotype

import (
	"fmt"
	"strings"
)

// pyValue is a parsed Python literal: a list, tuple, string or integer. range(...) calls are
// expanded into lists while parsing.
type pyValue struct {
	kind   valueKind
	offset int
	str    string
	num    int
	items  []pyValue
}

type valueKind int

const (
	valInt valueKind = iota
	valString
	valList
	valTuple
)

func (v pyValue) describe() string {
	switch v.kind {
	case valInt:
		return fmt.Sprintf("integer %d", v.num)
	case valString:
		return "string " + quotePy(v.str)
	case valList:
		return fmt.Sprintf("a list of %d items", len(v.items))
	}
	return fmt.Sprintf("a tuple of %d items", len(v.items))
}

// argument is one field of a genotype as written: a keyword argument, a positional argument
// (name ""), or a dict entry.
type argument struct {
	name   string
	offset int // where the argument starts, for errors about it as a whole
	value  pyValue
}

// maxRangeLen bounds range(...) expansion: no cell has more states, and an unbounded range
// would let a tiny input allocate without limit.
const maxRangeLen = 4096

type parser struct {
	text   string
	tokens []token
	pos    int
}

func (p *parser) peek() token { return p.tokens[p.pos] }
func (p *parser) peekAt(n int) token {
	return p.tokens[min(p.pos+n, len(p.tokens)-1)] // the last token is EOF
}
func (p *parser) next() token {
	t := p.tokens[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) isPunct(t token, chars string) bool {
	return t.kind == tokPunct && strings.Contains(chars, t.text)
}

func (p *parser) errorf(offset int, format string, args ...any) error {
	return newSyntaxError(p.text, offset, format, args...)
}

func (p *parser) expectPunct(char, context string) (token, error) {
	t := p.next()
	if !p.isPunct(t, char) {
		return t, p.errorf(t.offset, "expected '%s' %s, found %s", char, context, t.describe())
	}
	return t, nil
}

// parseGenotypeText reads the whole text as one genotype written in any of the accepted forms:
//
//	Genotype(normal=[...], ...)            any dotted call name, e.g. genotypes.Genotype(
//	DARTS_V2 = Genotype(...)               an assignment in front of the call
//	normal=[...], normal_concat=[...], ... bare keyword arguments
//	{'normal': [...], ...}                 a Python dict
//
// It returns the arguments and the offset of the end of the text (for "missing field" errors).
func parseGenotypeText(text string) ([]argument, error) {
	tokens, err := tokenize(text)
	if err != nil {
		return nil, err
	}
	p := &parser{text: text, tokens: tokens}
	args, err := p.parseTop()
	if err != nil {
		return nil, err
	}
	if p.isPunct(p.peek(), ";") {
		p.next()
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errorf(t.offset, "expected end of input after the genotype, found %s", t.describe())
	}
	return args, nil
}

func (p *parser) parseTop() ([]argument, error) {
	first := p.peek()
	switch {
	case first.kind == tokName && p.isPunct(p.peekAt(1), "=") && p.peekAt(2).kind == tokName && !isValueFunction(p.peekAt(2).text):
		// NAME = Genotype(...): the assigned name carries no information.
		p.next()
		p.next()
		return p.parseCall()
	case first.kind == tokName && p.isPunct(p.peekAt(1), "="):
		return p.parseArguments(tokEOF, "")
	case first.kind == tokName:
		return p.parseCall()
	case p.isPunct(first, "{"):
		return p.parseDict()
	}
	return nil, p.errorf(first.offset, "expected Genotype(...), keyword arguments such as normal=[...], or a {...} dict; found %s", first.describe())
}

// isValueFunction reports names that start a value rather than a genotype call.
func isValueFunction(name string) bool {
	return name == "range" || name == "list" || name == "tuple"
}

// parseCall reads Name(.Name)*( arguments ).
func (p *parser) parseCall() ([]argument, error) {
	name := p.next()
	for p.isPunct(p.peek(), ".") {
		p.next()
		part := p.next()
		if part.kind != tokName {
			return nil, p.errorf(part.offset, "expected a name after '.', found %s", part.describe())
		}
	}
	if _, err := p.expectPunct("(", "after "+name.text+" to open the genotype's fields"); err != nil {
		return nil, err
	}
	return p.parseArguments(tokPunct, ")")
}

// parseArguments reads comma-separated positional and keyword arguments up to the closing
// token (')' or end of input), which it consumes. Trailing commas are allowed.
func (p *parser) parseArguments(closeKind tokenKind, closeText string) ([]argument, error) {
	var args []argument
	closes := func(t token) bool {
		return t.kind == closeKind && (closeKind == tokEOF || t.text == closeText) ||
			closeKind == tokEOF && p.isPunct(t, ";")
	}
	for {
		t := p.peek()
		if closes(t) {
			if closeKind != tokEOF {
				p.next()
			}
			return args, nil
		}
		arg := argument{offset: t.offset}
		if t.kind == tokName && p.isPunct(p.peekAt(1), "=") {
			arg.name = t.text
			p.next()
			p.next()
		} else if len(args) > 0 && args[len(args)-1].name != "" {
			return nil, p.errorf(t.offset, "expected a keyword argument (name=value) after keyword arguments, found %s", t.describe())
		}
		value, err := p.parseValue()
		if err != nil {
			return nil, err
		}
		arg.value = value
		args = append(args, arg)
		sep := p.peek()
		switch {
		case p.isPunct(sep, ","):
			p.next()
		case closes(sep):
		default:
			want := "')'"
			if closeKind == tokEOF {
				want = "end of input"
			}
			return nil, p.errorf(sep.offset, "expected ',' or %s after argument, found %s", want, sep.describe())
		}
	}
}

// parseDict reads {key: value, ...} with string (or bare name) keys, as keyword arguments.
func (p *parser) parseDict() ([]argument, error) {
	p.next() // {
	var args []argument
	for {
		t := p.next()
		if p.isPunct(t, "}") {
			return args, nil
		}
		if t.kind != tokString && t.kind != tokName {
			return nil, p.errorf(t.offset, "expected a field name such as 'normal' or '}', found %s", t.describe())
		}
		key := t.str
		if t.kind == tokName {
			key = t.text
		}
		if _, err := p.expectPunct(":", "after dict key "+t.text); err != nil {
			return nil, err
		}
		value, err := p.parseValue()
		if err != nil {
			return nil, err
		}
		args = append(args, argument{name: key, offset: t.offset, value: value})
		sep := p.next()
		if p.isPunct(sep, "}") {
			return args, nil
		}
		if !p.isPunct(sep, ",") {
			return nil, p.errorf(sep.offset, "expected ',' or '}' after dict entry, found %s", sep.describe())
		}
	}
}

// parseValue reads a list, tuple, string, integer, range(...), or list(...)/tuple(...) of one.
func (p *parser) parseValue() (pyValue, error) {
	t := p.next()
	switch {
	case t.kind == tokInt:
		return pyValue{kind: valInt, offset: t.offset, num: t.num}, nil
	case t.kind == tokString:
		return pyValue{kind: valString, offset: t.offset, str: t.str}, nil
	case p.isPunct(t, "["):
		items, _, err := p.parseItems("]")
		return pyValue{kind: valList, offset: t.offset, items: items}, err
	case p.isPunct(t, "("):
		items, trailingComma, err := p.parseItems(")")
		if err == nil && len(items) == 1 && !trailingComma {
			return items[0], nil // (x) is just x in Python
		}
		return pyValue{kind: valTuple, offset: t.offset, items: items}, err
	case t.kind == tokName && t.text == "range":
		return p.parseRange(t)
	case t.kind == tokName && (t.text == "list" || t.text == "tuple"):
		if _, err := p.expectPunct("(", "after "+t.text); err != nil {
			return pyValue{}, err
		}
		inner, err := p.parseValue()
		if err != nil {
			return pyValue{}, err
		}
		if inner.kind != valList && inner.kind != valTuple {
			return pyValue{}, p.errorf(inner.offset, "expected a list, tuple or range inside %s(...), found %s", t.text, inner.describe())
		}
		_, err = p.expectPunct(")", "to close "+t.text+"(")
		return inner, err
	}
	return pyValue{}, p.errorf(t.offset, "expected a value (list, tuple, string, integer or range(...)), found %s", t.describe())
}

// parseItems reads comma-separated values up to close, which it consumes. It reports whether
// the last item was followed by a comma (which makes (x,) a tuple).
func (p *parser) parseItems(close string) ([]pyValue, bool, error) {
	var items []pyValue
	trailingComma := false
	for {
		if p.isPunct(p.peek(), close) {
			p.next()
			return items, trailingComma, nil
		}
		item, err := p.parseValue()
		if err != nil {
			return nil, false, err
		}
		items = append(items, item)
		sep := p.next()
		if p.isPunct(sep, close) {
			return items, false, nil
		}
		if !p.isPunct(sep, ",") {
			return nil, false, p.errorf(sep.offset, "expected ',' or '%s' after item, found %s", close, sep.describe())
		}
		trailingComma = true
	}
}

// parseRange evaluates range(stop), range(start, stop) or range(start, stop, step) to a list.
func (p *parser) parseRange(name token) (pyValue, error) {
	if _, err := p.expectPunct("(", "after range"); err != nil {
		return pyValue{}, err
	}
	items, _, err := p.parseItems(")")
	if err != nil {
		return pyValue{}, err
	}
	if len(items) < 1 || len(items) > 3 {
		return pyValue{}, p.errorf(name.offset, "range takes 1 to 3 integers, found %d arguments", len(items))
	}
	bounds := make([]int, len(items))
	for i, item := range items {
		if item.kind != valInt {
			return pyValue{}, p.errorf(item.offset, "expected an integer range argument, found %s", item.describe())
		}
		bounds[i] = item.num
	}
	start, stop, step := 0, bounds[0], 1
	if len(bounds) >= 2 {
		start, stop = bounds[0], bounds[1]
	}
	if len(bounds) == 3 {
		step = bounds[2]
	}
	if step == 0 {
		return pyValue{}, p.errorf(items[2].offset, "range step must not be zero")
	}
	list := pyValue{kind: valList, offset: name.offset}
	for v := start; (step > 0 && v < stop) || (step < 0 && v > stop); v += step {
		if len(list.items) == maxRangeLen {
			return pyValue{}, p.errorf(name.offset, "range has more than %d values; no cell has that many states", maxRangeLen)
		}
		list.items = append(list.items, pyValue{kind: valInt, offset: name.offset, num: v})
	}
	return list, nil
}
