package genotype

import (
	"encoding/json"
	"testing"
)

// Genotypes sit inside larger config and checkpoint structs; they must behave like ordinary
// fields there, null included.
func TestJSONInsideAStruct(t *testing.T) {
	type config struct {
		Cell *Genotype `json:"cell"`
		RNN  Recurrent `json:"rnn"`
	}
	g, _ := Lookup("NASNet")
	r, _ := LookupRecurrent("ENAS")
	data, err := json.Marshal(config{Cell: &g, RNN: r})
	if err != nil {
		t.Fatal(err)
	}
	var back config
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Cell.Equal(g) || !back.RNN.Equal(r) {
		t.Errorf("round trip through a struct changed the genotypes:\n%s", data)
	}

	var empty config
	if err := json.Unmarshal([]byte(`{"cell": null, "rnn": null}`), &empty); err != nil {
		t.Errorf("null genotypes: %v", err)
	}
	if empty.Cell != nil || len(empty.RNN.Edges) != 0 {
		t.Errorf("null should leave the fields empty: %+v", empty)
	}
}

func TestJSONRejectsTrailingData(t *testing.T) {
	var g Genotype
	text := `{"normal": [["sep_conv_3x3", 0], ["sep_conv_3x3", 1]], "normal_concat": [2], "reduce": [["max_pool_3x3", 0], ["max_pool_3x3", 1]], "reduce_concat": [2]}`
	if err := g.UnmarshalJSON([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := g.UnmarshalJSON([]byte(text + " {}")); err == nil {
		t.Error("trailing data accepted")
	}
}
