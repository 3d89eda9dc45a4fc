package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/dartsml/godarts/darts/genotype"
)

// derived is the derive command's output: a CNN genotype and/or a recurrent cell.
type derived struct {
	cnn *genotype.Genotype
	rnn *genotype.Recurrent
}

// marshal writes one JSON object holding the genotype package's JSON fields of both parts, one
// field per line in the reference's order (normal, normal_concat, reduce, reduce_concat,
// recurrent, recurrent_concat), each value on one line so an edge reads ["sep_conv_3x3", 0].
func (d derived) marshal() ([]byte, error) {
	var keys []string
	values := map[string]json.RawMessage{}
	add := func(v json.Marshaler, order ...string) error {
		data, err := v.MarshalJSON()
		if err != nil {
			return err
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &fields); err != nil {
			return err
		}
		for _, k := range order {
			if _, ok := fields[k]; !ok {
				return fmt.Errorf("derive: genotype JSON lacks %q", k)
			}
			keys = append(keys, k)
			values[k] = fields[k]
		}
		return nil
	}
	if d.cnn != nil {
		if err := add(*d.cnn, "normal", "normal_concat", "reduce", "reduce_concat"); err != nil {
			return nil, err
		}
	}
	if d.rnn != nil {
		if err := add(*d.rnn, "recurrent", "recurrent_concat"); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range keys {
		fmt.Fprintf(&b, "  %q: %s", k, spaceAfterCommas(values[k]))
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// spaceAfterCommas adds a space after every comma outside strings of compact JSON.
func spaceAfterCommas(compact []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for _, c := range compact {
		out = append(out, c)
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == ',':
			out = append(out, ' ')
		}
	}
	return out
}
