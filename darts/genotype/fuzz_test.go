package genotype

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary text to both readers. Neither may panic, and whatever parses must
// survive a round trip: String then Parse (and JSON out and back) gives an equal genotype.
func FuzzParse(f *testing.F) {
	for _, name := range CNNNames() {
		g, _ := Lookup(name)
		f.Add(g.String())
		data, _ := json.Marshal(g)
		f.Add(string(data))
	}
	for _, name := range RecurrentNames() {
		r, _ := LookupRecurrent(name)
		f.Add(r.String())
	}
	for _, seed := range []string{
		"DARTS_V2",
		strings.ReplaceAll(dartsV2Repr, "[2, 3, 4, 5]", "range(2, 6)"),
		strings.ReplaceAll(dartsV2Repr, "'", `"`),
		"X = Genotype(normal=[(u'sep_conv_3x3', 0), ('sep_conv_3x3', 1),], normal_concat=(2,), reduce=[['max_pool_3x3', 0], ['max_pool_3x3', 1]], reduce_concat=list(range(2, 3))) # c",
		"{'recurrent': [('tanh', 0)], 'recurrent_concat': range(1, 2)}",
		"recurrent=[('tanh', 0), ('relu', 1)], concat=range(2, 0, -1)",
		"Genotype(normal=[('sep_conv_3x3' 0)])",
		"Genotype(normal=[('a\\x41\\'\\n', 0)])",
		"Genotype(\u2018sep_conv_3x3\u2019",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if g, err := Parse(text); err == nil {
			if err := g.Validate(); err != nil {
				t.Fatalf("Parse accepted an invalid genotype: %v\n%q", err, text)
			}
			again, err := Parse(g.String())
			if err != nil || !again.Equal(g) {
				t.Fatalf("repr round trip failed: %v\nin:  %q\nout: %s", err, text, g)
			}
			data, err := json.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			var fromJSON Genotype
			if err := json.Unmarshal(data, &fromJSON); err != nil || !fromJSON.Equal(g) {
				t.Fatalf("JSON round trip failed: %v\n%s", err, data)
			}
		}
		if r, err := ParseRecurrent(text); err == nil {
			if err := r.Validate(); err != nil {
				t.Fatalf("ParseRecurrent accepted an invalid genotype: %v\n%q", err, text)
			}
			again, err := ParseRecurrent(r.String())
			if err != nil || !again.Equal(r) {
				t.Fatalf("recurrent repr round trip failed: %v\nin:  %q\nout: %s", err, text, r)
			}
			data, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var fromJSON Recurrent
			if err := json.Unmarshal(data, &fromJSON); err != nil || !fromJSON.Equal(r) {
				t.Fatalf("recurrent JSON round trip failed: %v\n%s", err, data)
			}
		}
	})
}
