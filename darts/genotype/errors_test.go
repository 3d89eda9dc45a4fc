package genotype

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoNodeCNN builds a small CNN repr whose normal cell is given; the reduce cell is valid.
func twoNodeCNN(normal, normalConcat string) string {
	return "Genotype(normal=" + normal + ", normal_concat=" + normalConcat +
		", reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3])"
}

const goodNormal = "[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)]"

func TestParseErrorsNameTheProblem(t *testing.T) {
	for name, tc := range map[string]struct {
		text string
		want []string
	}{
		"unknown op": {twoNodeCNN("[('sep_conv_3x3', 0), ('sep_conv_9x9', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)]", "[2, 3]"),
			[]string{`"sep_conv_9x9"`, "normal edge 1", "valid CNN ops", "sep_conv_7x7", "conv_7x1_1x7", "byte 38"}},
		"from out of range": {twoNodeCNN("[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 3)]", "[2, 3]"),
			[]string{"normal edge 3", "('skip_connect', 3)", "node 1", "input state 3 out of range 0..2"}},
		"negative from": {twoNodeCNN("[('sep_conv_3x3', -1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)]", "[2, 3]"),
			[]string{"normal edge 0", "input state -1"}},
		"concat out of range": {twoNodeCNN(goodNormal, "[2, 3, 4]"),
			[]string{"normal_concat", "state 4", "out of range 0..3"}},
		"concat repeated": {twoNodeCNN(goodNormal, "[2, 3, 3]"), []string{"normal_concat", "state 3 twice"}},
		"concat empty":    {twoNodeCNN(goodNormal, "[]"), []string{"normal_concat is empty"}},
		"odd edges": {twoNodeCNN("[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)]", "[2, 3]"),
			[]string{"normal cell has 3 edges", "even"}},
		"node counts differ": {"Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1)], normal_concat=[2], reduce=" +
			"[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3])",
			[]string{"normal and reduce cells differ in size (1 vs 2 nodes)"}},
		"missing comma":   {"Genotype(normal=[('sep_conv_3x3' 0)])", []string{"byte 33", "expected ',' or ')'", "integer 0"}},
		"unclosed string": {"Genotype(normal=[('sep_conv_3x3, 0)])", []string{"byte 18", "not closed"}},
		"stray character": {"Genotype(normal=[('sep_conv_3x3', 0) @])", []string{"byte 37", `'@'`}},
		"unknown field":   {strings.Replace(dartsV2Repr, "normal=", "normall=", 1), []string{`unknown field "normall"`, "byte 9"}},
		"repeated field":  {strings.Replace(dartsV2Repr, "reduce_concat=", "normal_concat=", 1), []string{"normal_concat given twice"}},
		"missing field":   {strings.Replace(dartsV2Repr, ", reduce_concat=[2, 3, 4, 5]", "", 1), []string{"lacks field reduce_concat"}},
		"edge not a pair": {twoNodeCNN("[('sep_conv_3x3', 0, 1), ('sep_conv_3x3', 1)]", "[2]"), []string{"expected an edge ('op', state)", "tuple of 3 items"}},
		"op not a string": {twoNodeCNN("[(3, 0), ('sep_conv_3x3', 1)]", "[2]"), []string{"op name as a string", "integer 3"}},
		"concat not ints": {twoNodeCNN(goodNormal, "['a']"), []string{"integer state", "string 'a'"}},
		"range step zero": {twoNodeCNN(goodNormal, "range(2, 4, 0)"), []string{"step must not be zero"}},
		"huge range":      {twoNodeCNN(goodNormal, "range(0, 2000000000)"), []string{"more than 4096 values"}},
		"trailing text":   {dartsV2Repr + " extra", []string{"expected end of input", "name extra"}},
		"recurrent given": {dartsRNNRepr, []string{"recurrent genotype", "ParseRecurrent"}},
		"empty":           {"  \n", []string{"empty text"}},
		"unknown name":    {"PC_DARTS", []string{`"PC_DARTS"`, "DARTS_V2"}},
		"json unknown op": {`{"normal": [["conv_9x9", 0], ["sep_conv_3x3", 1]], "normal_concat": [2], "reduce": [["max_pool_3x3", 0], ["max_pool_3x3", 1]], "reduce_concat": [2]}`,
			[]string{`"conv_9x9"`, "valid CNN ops"}},
		"json bad edge": {`{"normal": [["sep_conv_3x3"]], "normal_concat": [2], "reduce": [], "reduce_concat": [2]}`,
			[]string{`edge ["sep_conv_3x3"]`, `expected ["op", from]`}},
		"json unknown field": {`{"normal": [], "normal_concat": [2], "reduce": [], "reduce_concat": [2], "steps": 4}`,
			[]string{"unknown field", "steps"}},
		"json missing field": {`{"normal": [["sep_conv_3x3", 0], ["sep_conv_3x3", 1]], "reduce": [["sep_conv_3x3", 0], ["sep_conv_3x3", 1]]}`,
			[]string{"lacks normal_concat, reduce_concat"}},
		"json recurrent": {`{"recurrent": [["tanh", 0]], "recurrent_concat": [1]}`, []string{"ParseRecurrent"}},
	} {
		_, err := Parse(tc.text)
		if err == nil {
			t.Errorf("%s: no error for %s", name, tc.text)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", name, err, w)
			}
		}
	}
}

func TestParseRecurrentErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		text string
		want []string
	}{
		"none op":           {"Genotype(recurrent=[('none', 0)], concat=[1])", []string{`unknown op "none"`, "valid recurrent ops: tanh, relu, sigmoid, identity"}},
		"from out of range": {"Genotype(recurrent=[('tanh', 0), ('relu', 2)], concat=[1, 2])", []string{"recurrent edge 1 ('relu', 2)", "out of range 0..1", "byte 33"}},
		"concat":            {"Genotype(recurrent=[('tanh', 0)], concat=range(1, 9))", []string{"concat has state 2, out of range 0..1"}},
		"cnn given":         {dartsV2Repr, []string{"not a recurrent genotype", "Parse"}},
		"cnn json":          {`{"normal": []}`, []string{"CNN genotype", "Parse"}},
		"both concats":      {`{"recurrent": [["tanh", 0]], "recurrent_concat": [1], "concat": [1]}`, []string{"both recurrent_concat and concat"}},
		"unknown name":      {"NASNet", []string{`"NASNet"`, "ENAS"}},
	} {
		_, err := ParseRecurrent(tc.text)
		if err == nil {
			t.Errorf("%s: no error for %s", name, tc.text)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", name, err, w)
			}
		}
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	text := "Genotype(\n  normal=[('sep_conv_3x3', 0)\n  ('skip_connect', 1)])"
	_, err := Parse(text)
	var syntax *SyntaxError
	if !errors.As(err, &syntax) {
		t.Fatalf("want a *SyntaxError, got %v", err)
	}
	if want := strings.Index(text, "('skip"); syntax.Offset != want || syntax.Line != 3 || syntax.Column != 3 {
		t.Errorf("error at byte %d line %d column %d, want byte %d line 3 column 3: %v", syntax.Offset, syntax.Line, syntax.Column, want, err)
	}
}

func TestInvalidErrorLocatesTheEdge(t *testing.T) {
	text := twoNodeCNN("[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 3)]", "[2, 3]")
	_, err := Parse(text)
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("want an *InvalidError, got %v", err)
	}
	if inv.Field != "normal" || inv.Index != 3 || inv.Offset != strings.Index(text, "('skip_connect', 3)") {
		t.Errorf("got field %s index %d offset %d", inv.Field, inv.Index, inv.Offset)
	}
}

func TestValidateWithoutText(t *testing.T) {
	err := Genotype{}.Validate()
	if err == nil || !strings.Contains(err.Error(), "normal cell has no edges") {
		t.Errorf("empty genotype: %v", err)
	}
	if err := (Recurrent{}).Validate(); err == nil || !strings.Contains(err.Error(), "no edges") {
		t.Errorf("empty recurrent: %v", err)
	}
}

func TestLoadErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "absent.txt")
	if _, err := Load(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Load(missing): %v", err)
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("Genotype(normal=[('sep_conv_3x3', 0)"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "byte") {
		t.Errorf("Load(bad): %v", err)
	}
	if _, err := LoadRecurrent(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("LoadRecurrent(bad): %v", err)
	}
}

func TestDeriveShapeErrors(t *testing.T) {
	ok := zeros(14, 8)
	for name, tc := range map[string]struct {
		normal, reduce [][]float32
		want           string
	}{
		"normal rows":    {zeros(13, 8), ok, "normal alpha has 13 rows, expected 14"},
		"reduce rows":    {ok, zeros(15, 8), "reduce alpha has 15 rows, expected 14"},
		"reduce columns": {ok, append(zeros(3, 8), append(zeros(1, 7), zeros(10, 8)...)...), "reduce alpha row 3 has 7 columns, expected 8"},
	} {
		_, err := DeriveCNN(tc.normal, tc.reduce, 4, 4)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}
	if _, err := DeriveCNN(ok, ok, 4, 5); err == nil || !strings.Contains(err.Error(), "multiplier") {
		t.Errorf("multiplier > steps: %v", err)
	}
	if _, err := DeriveRecurrent(zeros(35, 5), 8); err == nil || !strings.Contains(err.Error(), "recurrent alpha has 35 rows, expected 36") {
		t.Errorf("recurrent rows: %v", err)
	}
	if _, err := DeriveRecurrent(zeros(36, 8), 8); err == nil || !strings.Contains(err.Error(), "recurrent alpha row 0 has 8 columns, expected 5") {
		t.Errorf("recurrent columns: %v", err)
	}
}

func zeros(rows, cols int) [][]float32 {
	m := make([][]float32, rows)
	for i := range m {
		m[i] = make([]float32, cols)
	}
	return m
}
