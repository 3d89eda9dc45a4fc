package genotype

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Parse reads a CNN genotype given as any of:
//   - a built-in name (DARTS_V2, DARTS, DARTS_V1, NASNet, AmoebaNet; also genotypes.DARTS_V2),
//   - the JSON form ({"normal": [["sep_conv_3x3", 0], ...], ...}),
//   - the Python repr the literature prints, Genotype(normal=[('sep_conv_3x3', 0), ...], ...),
//     with either quote style, list or range(...) concats, any whitespace, comments, trailing
//     commas, any keyword order, an optional "NAME =" in front, or as a Python dict.
//
// The result is validated. Syntax errors are *SyntaxError values with the byte offset.
func Parse(text string) (Genotype, error) {
	text = trimText(text)
	switch {
	case text == "":
		return Genotype{}, errors.New("genotype: empty text; expected a built-in name, JSON or a Genotype(...) repr")
	case isBuiltinReference(text):
		return Lookup(lastNamePart(text))
	case looksLikeJSON(text):
		if hasJSONKey(text, "recurrent") {
			return Genotype{}, errors.New("genotype: this JSON is a recurrent genotype; read it with ParseRecurrent")
		}
		var g Genotype
		err := json.Unmarshal([]byte(text), &g)
		return g, err
	}
	return parseCNNRepr(text)
}

// ParseRecurrent reads a recurrent genotype given as a built-in name (DARTS, DARTS_V1, DARTS_V2,
// ENAS), the JSON form ({"recurrent": [["sigmoid", 0], ...], "recurrent_concat": [...]}) or the
// repr Genotype(recurrent=[('sigmoid', 0), ...], concat=range(1, 9)), read as leniently as Parse.
func ParseRecurrent(text string) (Recurrent, error) {
	text = trimText(text)
	switch {
	case text == "":
		return Recurrent{}, errors.New("genotype: empty text; expected a built-in name, JSON or a Genotype(recurrent=...) repr")
	case isBuiltinReference(text):
		return LookupRecurrent(lastNamePart(text))
	case looksLikeJSON(text):
		if hasJSONKey(text, "normal") {
			return Recurrent{}, errors.New("genotype: this JSON is a CNN genotype; read it with Parse")
		}
		var r Recurrent
		err := json.Unmarshal([]byte(text), &r)
		return r, err
	}
	return parseRecurrentRepr(text)
}

// Load reads a CNN genotype file in any form Parse accepts; errors name the file.
func Load(path string) (Genotype, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Genotype{}, fmt.Errorf("genotype: %w", err)
	}
	g, err := Parse(string(data))
	if err != nil {
		return Genotype{}, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// LoadRecurrent reads a recurrent genotype file in any form ParseRecurrent accepts; errors name
// the file.
func LoadRecurrent(path string) (Recurrent, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Recurrent{}, fmt.Errorf("genotype: %w", err)
	}
	r, err := ParseRecurrent(string(data))
	if err != nil {
		return Recurrent{}, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// trimText drops surrounding whitespace and a byte-order mark, which editors on some systems
// put at the start of saved files.
func trimText(text string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "\ufeff"))
}

// isBuiltinReference reports a bare, possibly dotted, name such as DARTS_V2 or
// genotypes.DARTS_V2: a reference to a built-in rather than a written-out genotype.
func isBuiltinReference(text string) bool {
	for part := range strings.SplitSeq(text, ".") {
		if part == "" || !isNameStart(part[0]) {
			return false
		}
		for i := 1; i < len(part); i++ {
			if !isNameStart(part[i]) && !isDigit(part[i]) {
				return false
			}
		}
	}
	return true
}

func lastNamePart(name string) string {
	return name[strings.LastIndexByte(name, '.')+1:]
}

// looksLikeJSON tells JSON from a Python dict, which also starts with '{' but is not valid JSON
// (single quotes, tuples, range) and goes to the repr reader instead.
func looksLikeJSON(text string) bool {
	return strings.HasPrefix(text, "{") && json.Valid([]byte(text))
}

func hasJSONKey(text, key string) bool {
	var fields map[string]json.RawMessage
	if json.Unmarshal([]byte(text), &fields) != nil {
		return false
	}
	_, ok := fields[key]
	return ok
}
