package genotype

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseReprVariants reads DARTS_V2 written in the ways genotypes turn up in papers, logs and
// code.
func TestParseReprVariants(t *testing.T) {
	want, _ := Lookup("DARTS_V2")
	variants := map[string]string{
		"published":       dartsV2Repr,
		"double quotes":   strings.ReplaceAll(dartsV2Repr, "'", `"`),
		"range concat":    strings.ReplaceAll(dartsV2Repr, "[2, 3, 4, 5]", "range(2, 6)"),
		"list of range":   strings.ReplaceAll(dartsV2Repr, "[2, 3, 4, 5]", "list(range(2,6))"),
		"tuple concat":    strings.ReplaceAll(dartsV2Repr, "[2, 3, 4, 5]", "(2, 3, 4, 5,)"),
		"python 2":        strings.ReplaceAll(dartsV2Repr, "('", "(u'"),
		"curly quotes":    strings.NewReplacer("('", "(\u2018", "',", "\u2019,").Replace(dartsV2Repr),
		"dotted call":     "genotypes." + dartsV2Repr,
		"assignment":      "DARTS_V2 = " + dartsV2Repr + ";",
		"bare keywords":   strings.TrimSuffix(strings.TrimPrefix(dartsV2Repr, "Genotype("), ")"),
		"list edges":      strings.NewReplacer("('", "['", ")", "]", "])", "])").Replace(strings.TrimSuffix(dartsV2Repr, ")")) + ")",
		"name":            "DARTS_V2",
		"alias":           "DARTS",
		"module name":     "genotypes.DARTS_V2",
		"byte order mark": "\ufeff" + dartsV2Repr + "\n",
		"multi-line": `
DARTS_V2 = Genotype(
    reduce_concat = range(2, 6),   # keyword order does not matter
    normal = [
        ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
        ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
        ("sep_conv_3x3", 1), ("skip_connect", 0),
        ("skip_connect", 0), ("dil_conv_3x3", 2),
    ],
    reduce = [
        ('max_pool_3x3', 0), ('max_pool_3x3', 1),
        ('skip_connect', 2), ('max_pool_3x3', 1),
        ('max_pool_3x3', 0), ('skip_connect', 2),
        ('skip_connect', 2), ('max_pool_3x3', 1),
    ],
    normal_concat = [2, 3, 4, 5],
)
`,
		"positional":  `Genotype([('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], [2, 3, 4, 5], [('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])`,
		"python dict": `{'normal': [('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], 'normal_concat': range(2, 6), 'reduce': [('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], 'reduce_concat': [2, 3, 4, 5],}`,
		"json": `{"normal": [["sep_conv_3x3", 0], ["sep_conv_3x3", 1], ["sep_conv_3x3", 0], ["sep_conv_3x3", 1], ["sep_conv_3x3", 1], ["skip_connect", 0], ["skip_connect", 0], ["dil_conv_3x3", 2]],
			"normal_concat": [2, 3, 4, 5],
			"reduce": [["max_pool_3x3", 0], ["max_pool_3x3", 1], ["skip_connect", 2], ["max_pool_3x3", 1], ["max_pool_3x3", 0], ["skip_connect", 2], ["skip_connect", 2], ["max_pool_3x3", 1]],
			"reduce_concat": [2, 3, 4, 5]}`,
	}
	for name, text := range variants {
		got, err := Parse(text)
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, text)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("%s: got %s", name, got.Summary())
		}
	}
}

func TestParseRecurrentVariants(t *testing.T) {
	want, _ := LookupRecurrent("DARTS")
	variants := map[string]string{
		"published":     dartsRNNRepr,
		"list concat":   strings.Replace(dartsRNNRepr, "range(1, 9)", "[1, 2, 3, 4, 5, 6, 7, 8]", 1),
		"stepped range": strings.Replace(dartsRNNRepr, "range(1, 9)", "range(1, 9, 1)", 1),
		"keyword order": `Genotype(concat=range(1, 9), recurrent=[("sigmoid", 0), ("relu", 1), ("relu", 1), ("identity", 1), ("tanh", 2), ("sigmoid", 5), ("tanh", 3), ("relu", 5),])`,
		"bare keywords": `recurrent=[('sigmoid', 0), ('relu', 1), ('relu', 1), ('identity', 1), ('tanh', 2), ('sigmoid', 5), ('tanh', 3), ('relu', 5)], concat=range(1, 9)`,
		"name":          "DARTS",
		"json":          `{"recurrent": [["sigmoid", 0], ["relu", 1], ["relu", 1], ["identity", 1], ["tanh", 2], ["sigmoid", 5], ["tanh", 3], ["relu", 5]], "recurrent_concat": [1, 2, 3, 4, 5, 6, 7, 8]}`,
		"json concat":   `{"recurrent": [["sigmoid", 0], ["relu", 1], ["relu", 1], ["identity", 1], ["tanh", 2], ["sigmoid", 5], ["tanh", 3], ["relu", 5]], "concat": [1, 2, 3, 4, 5, 6, 7, 8]}`,
	}
	for name, text := range variants {
		got, err := ParseRecurrent(text)
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, text)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("%s: got %s", name, got)
		}
	}
}

func TestRecurrentStringUsesListForNonRuns(t *testing.T) {
	r, _ := LookupRecurrent("ENAS")
	if !strings.HasSuffix(r.String(), "concat=[2, 5, 6, 9, 10, 11])") {
		t.Errorf("ENAS repr %s should list its concat", r)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	cnnPath := filepath.Join(dir, "cell.txt")
	rnnPath := filepath.Join(dir, "rnn.json")
	if err := os.WriteFile(cnnPath, []byte(dartsV1Repr+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rnnPath, []byte(`{"recurrent": [["tanh", 0], ["relu", 1]], "recurrent_concat": [1, 2]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Load(cnnPath)
	if want, _ := Lookup("DARTS_V1"); err != nil || !g.Equal(want) {
		t.Errorf("Load: %v, %v", g.Summary(), err)
	}
	r, err := LoadRecurrent(rnnPath)
	if err != nil || r.Summary() != "recurrent: tanh(0) relu(1) concat 1..2" {
		t.Errorf("LoadRecurrent: %v, %v", r.Summary(), err)
	}
}
