package genotype

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBuiltinsAreValid(t *testing.T) {
	for _, name := range CNNNames() {
		g, err := Lookup(name)
		if err != nil {
			t.Fatalf("Lookup(%q): %v", name, err)
		}
		if err := g.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range RecurrentNames() {
		r, err := LookupRecurrent(name)
		if err != nil {
			t.Fatalf("LookupRecurrent(%q): %v", name, err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestBuiltinsRoundTrip writes every built-in as repr and as JSON and reads it back.
func TestBuiltinsRoundTrip(t *testing.T) {
	for _, name := range CNNNames() {
		g, _ := Lookup(name)
		fromRepr, err := Parse(g.String())
		if err != nil || !fromRepr.Equal(g) {
			t.Errorf("%s repr round trip: %v\n%s\n%s", name, err, g, fromRepr)
		}
		data, err := json.Marshal(g)
		if err != nil {
			t.Fatalf("%s: marshal: %v", name, err)
		}
		var fromJSON Genotype
		if err := json.Unmarshal(data, &fromJSON); err != nil || !fromJSON.Equal(g) {
			t.Errorf("%s JSON round trip: %v\n%s", name, err, data)
		}
		if viaParse, err := Parse(string(data)); err != nil || !viaParse.Equal(g) {
			t.Errorf("%s Parse(JSON): %v", name, err)
		}
	}
	for _, name := range RecurrentNames() {
		r, _ := LookupRecurrent(name)
		fromRepr, err := ParseRecurrent(r.String())
		if err != nil || !fromRepr.Equal(r) {
			t.Errorf("%s repr round trip: %v\n%s\n%s", name, err, r, fromRepr)
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("%s: marshal: %v", name, err)
		}
		var fromJSON Recurrent
		if err := json.Unmarshal(data, &fromJSON); err != nil || !fromJSON.Equal(r) {
			t.Errorf("%s JSON round trip: %v\n%s", name, err, data)
		}
		if viaParse, err := ParseRecurrent(string(data)); err != nil || !viaParse.Equal(r) {
			t.Errorf("%s ParseRecurrent(JSON): %v", name, err)
		}
	}
}

// The published cells as the reference's genotypes.py prints them; Lookup must agree edge for
// edge.
const (
	dartsV2Repr  = `Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])`
	dartsV1Repr  = `Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])`
	dartsRNNRepr = `Genotype(recurrent=[('sigmoid', 0), ('relu', 1), ('relu', 1), ('identity', 1), ('tanh', 2), ('sigmoid', 5), ('tanh', 3), ('relu', 5)], concat=range(1, 9))`
)

func TestBuiltinsMatchPublishedText(t *testing.T) {
	for name, repr := range map[string]string{"DARTS_V2": dartsV2Repr, "DARTS": dartsV2Repr, "DARTS_V1": dartsV1Repr} {
		g, _ := Lookup(name)
		if got := g.String(); got != repr {
			t.Errorf("%s.String():\n got  %s\n want %s", name, got, repr)
		}
	}
	for _, name := range []string{"DARTS", "DARTS_V2"} {
		r, _ := LookupRecurrent(name)
		if got := r.String(); got != dartsRNNRepr {
			t.Errorf("recurrent %s.String():\n got  %s\n want %s", name, got, dartsRNNRepr)
		}
	}
}

func TestBuiltinShapes(t *testing.T) {
	for name, want := range map[string]struct {
		nodes                int
		normalCat, reduceCat string
	}{
		"DARTS_V2":  {4, "[2 3 4 5]", "[2 3 4 5]"},
		"NASNet":    {5, "[2 3 4 5 6]", "[4 5 6]"},
		"AmoebaNet": {5, "[4 5 6]", "[3 4 6]"},
	} {
		g, _ := Lookup(name)
		if g.NumNodes() != want.nodes || fmtInts(g.NormalConcat) != want.normalCat || fmtInts(g.ReduceConcat) != want.reduceCat {
			t.Errorf("%s: %d nodes, concat %v / %v; want %+v", name, g.NumNodes(), g.NormalConcat, g.ReduceConcat, want)
		}
	}
	if r, _ := LookupRecurrent("ENAS"); r.NumNodes() != 11 {
		t.Errorf("ENAS has %d nodes, want 11", r.NumNodes())
	}
}

func TestLookupNamesAndAliases(t *testing.T) {
	v2, _ := Lookup("DARTS_V2")
	for _, name := range []string{"DARTS", "darts", "darts_v2", " DARTS_V2 "} {
		g, err := Lookup(name)
		if err != nil || !g.Equal(v2) {
			t.Errorf("Lookup(%q) = %v, %v; want DARTS_V2", name, g.Summary(), err)
		}
	}
	rv2, _ := LookupRecurrent("DARTS_V2")
	if r, err := LookupRecurrent("DARTS"); err != nil || !r.Equal(rv2) {
		t.Errorf("LookupRecurrent(DARTS) = %v, %v; want DARTS_V2", r, err)
	}
	_, err := Lookup("PDARTS")
	if err == nil || !strings.Contains(err.Error(), `"PDARTS"`) || !strings.Contains(err.Error(), "AmoebaNet") {
		t.Errorf("Lookup(PDARTS) error %v should name the name and list the built-ins", err)
	}
	_, err = LookupRecurrent("NASNet")
	if err == nil || !strings.Contains(err.Error(), "ENAS") {
		t.Errorf("LookupRecurrent(NASNet) error %v should list the recurrent built-ins", err)
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	g, _ := Lookup("DARTS_V2")
	g.Normal[0].Op = "none"
	g.NormalConcat[0] = 0
	again, _ := Lookup("DARTS_V2")
	if again.Normal[0].Op != "sep_conv_3x3" || again.NormalConcat[0] != 2 {
		t.Fatal("editing a looked-up genotype changed the built-in")
	}
	r, _ := LookupRecurrent("DARTS")
	r.Edges[0].Op = "tanh"
	if again, _ := LookupRecurrent("DARTS"); again.Edges[0].Op != "sigmoid" {
		t.Fatal("editing a looked-up recurrent genotype changed the built-in")
	}
}

func TestSummary(t *testing.T) {
	g, _ := Lookup("DARTS_V2")
	want := "normal: sep3(0) sep3(1) | sep3(0) sep3(1) | sep3(1) skip(0) | skip(0) dil3(2) concat 2..5; " +
		"reduce: max3(0) max3(1) | skip(2) max3(1) | max3(0) skip(2) | skip(2) max3(1) concat 2..5"
	if got := g.Summary(); got != want {
		t.Errorf("Summary:\n got  %s\n want %s", got, want)
	}
	r, _ := LookupRecurrent("ENAS")
	want = "recurrent: tanh(0) tanh(1) relu(1) tanh(3) tanh(3) relu(3) relu(4) relu(7) relu(8) relu(8) relu(8) concat [2,5,6,9,10,11]"
	if got := r.Summary(); got != want {
		t.Errorf("Summary:\n got  %s\n want %s", got, want)
	}
}

func fmtInts(values []int) string {
	data, _ := json.Marshal(values)
	return strings.ReplaceAll(string(data), ",", " ")
}
