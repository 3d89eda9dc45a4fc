package genotype

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// The JSON forms mirror the repr field by field, with edges as two-element arrays:
//
//	{"normal": [["sep_conv_3x3", 0], ...], "normal_concat": [2, 3, 4, 5], "reduce": [...], "reduce_concat": [...]}
//	{"recurrent": [["sigmoid", 0], ...], "recurrent_concat": [1, 2, 3, 4, 5, 6, 7, 8]}

type genotypeJSON struct {
	Normal       *[]jsonEdge `json:"normal"`
	NormalConcat *[]int      `json:"normal_concat"`
	Reduce       *[]jsonEdge `json:"reduce"`
	ReduceConcat *[]int      `json:"reduce_concat"`
}

type recurrentJSON struct {
	Recurrent       *[]jsonEdge `json:"recurrent"`
	RecurrentConcat *[]int      `json:"recurrent_concat"`
	// Concat is accepted as well because the repr (and the reference's namedtuple) calls the
	// field concat, so hand-written JSON often does too.
	Concat *[]int `json:"concat,omitempty"`
}

// jsonEdge is an Edge on the wire: ["op", from].
type jsonEdge Edge

func (e jsonEdge) MarshalJSON() ([]byte, error) {
	op, err := json.Marshal(e.Op)
	if err != nil {
		return nil, err
	}
	return []byte("[" + string(op) + "," + strconv.Itoa(e.From) + "]"), nil
}

func (e *jsonEdge) UnmarshalJSON(data []byte) error {
	var parts []json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil || len(parts) != 2 {
		return fmt.Errorf("edge %s: expected [\"op\", from]", data)
	}
	if err := json.Unmarshal(parts[0], &e.Op); err != nil {
		return fmt.Errorf("edge %s: op must be a string", data)
	}
	if err := json.Unmarshal(parts[1], &e.From); err != nil {
		return fmt.Errorf("edge %s: from must be an integer state index", data)
	}
	return nil
}

func toJSONEdges(edges []Edge) *[]jsonEdge {
	out := make([]jsonEdge, len(edges))
	for i, e := range edges {
		out[i] = jsonEdge(e)
	}
	return &out
}

func fromJSONEdges(edges []jsonEdge) []Edge {
	out := make([]Edge, len(edges))
	for i, e := range edges {
		out[i] = Edge(e)
	}
	return out
}

// nonNil makes empty lists marshal as [] rather than null.
func nonNil(values []int) *[]int {
	if values == nil {
		values = []int{}
	}
	return &values
}

// MarshalJSON writes g in the JSON form described in the package documentation.
func (g Genotype) MarshalJSON() ([]byte, error) {
	return json.Marshal(genotypeJSON{
		Normal:       toJSONEdges(g.Normal),
		NormalConcat: nonNil(g.NormalConcat),
		Reduce:       toJSONEdges(g.Reduce),
		ReduceConcat: nonNil(g.ReduceConcat),
	})
}

// UnmarshalJSON reads the JSON form, rejecting unknown or missing fields and anything Validate
// rejects, so a decoded Genotype is always buildable.
func (g *Genotype) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil // the encoding/json convention: null leaves the value alone
	}
	var w genotypeJSON
	if err := decodeStrict(data, &w); err != nil {
		return fmt.Errorf("genotype: CNN genotype JSON: %w", err)
	}
	missing := missingFields(
		field{"normal", w.Normal != nil}, field{"normal_concat", w.NormalConcat != nil},
		field{"reduce", w.Reduce != nil}, field{"reduce_concat", w.ReduceConcat != nil})
	if missing != "" {
		return fmt.Errorf("genotype: CNN genotype JSON lacks %s", missing)
	}
	decoded := Genotype{
		Normal:       fromJSONEdges(*w.Normal),
		NormalConcat: *w.NormalConcat,
		Reduce:       fromJSONEdges(*w.Reduce),
		ReduceConcat: *w.ReduceConcat,
	}
	if err := decoded.Validate(); err != nil {
		return err
	}
	*g = decoded
	return nil
}

// MarshalJSON writes r in the JSON form described in the package documentation.
func (r Recurrent) MarshalJSON() ([]byte, error) {
	return json.Marshal(recurrentJSON{
		Recurrent:       toJSONEdges(r.Edges),
		RecurrentConcat: nonNil(r.Concat),
	})
}

// UnmarshalJSON reads the recurrent JSON form (recurrent_concat, or concat as the repr names
// it), rejecting unknown or missing fields and anything Validate rejects.
func (r *Recurrent) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	var w recurrentJSON
	if err := decodeStrict(data, &w); err != nil {
		return fmt.Errorf("genotype: recurrent genotype JSON: %w", err)
	}
	if w.RecurrentConcat != nil && w.Concat != nil {
		return fmt.Errorf("genotype: recurrent genotype JSON has both recurrent_concat and concat; give one")
	}
	concat := w.RecurrentConcat
	if concat == nil {
		concat = w.Concat
	}
	missing := missingFields(field{"recurrent", w.Recurrent != nil}, field{"recurrent_concat", concat != nil})
	if missing != "" {
		return fmt.Errorf("genotype: recurrent genotype JSON lacks %s", missing)
	}
	decoded := Recurrent{Edges: fromJSONEdges(*w.Recurrent), Concat: *concat}
	if err := decoded.Validate(); err != nil {
		return err
	}
	*r = decoded
	return nil
}

// decodeStrict decodes exactly one JSON value into v, refusing unknown fields (a recurrent
// genotype handed to the CNN decoder, or a misspelt key, must not decode as empty lists).
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("unexpected data after the JSON object at byte %d", dec.InputOffset())
	}
	return nil
}

func isJSONNull(data []byte) bool {
	return string(bytes.TrimSpace(data)) == "null"
}

type field struct {
	name    string
	present bool
}

// missingFields names the absent fields, comma separated, or returns "".
func missingFields(fields ...field) string {
	var missing string
	for _, f := range fields {
		if !f.present {
			if missing != "" {
				missing += ", "
			}
			missing += f.name
		}
	}
	return missing
}
