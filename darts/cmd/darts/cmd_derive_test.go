package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// referenceCase is one case of ../shared/reference/derive_cases.json.
type referenceCase struct {
	Normal    [][]float32    `json:"normal"`
	Reduce    [][]float32    `json:"reduce"`
	Recurrent [][]float32    `json:"recurrent"`
	Expect    map[string]any `json:"expect"`
}

// firstReferenceCase reads the shared reference beside the repository (DARTS_REFERENCE_DIR
// points elsewhere, as for darts/genotype's tests), skipping when it is absent.
func firstReferenceCase(t *testing.T) referenceCase {
	t.Helper()
	path := filepath.Join("..", "..", "..", "..", "shared", "reference", "derive_cases.json")
	if dir := os.Getenv("DARTS_REFERENCE_DIR"); dir != "" {
		path = filepath.Join(dir, "derive_cases.json")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("reference derive cases not found at %s (set DARTS_REFERENCE_DIR)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []referenceCase }
	if err := json.Unmarshal(data, &file); err != nil || len(file.Cases) == 0 {
		t.Fatalf("%s: %v (%d cases)", path, err, len(file.Cases))
	}
	return file.Cases[0]
}

// writeTemp writes content to a file in a fresh temporary directory and returns its path.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "alphas.json", string(data))
}

// deriveOutput runs derive and decodes its JSON output.
func deriveOutput(t *testing.T, path string) map[string]any {
	t.Helper()
	code, out, errOut := call("derive", "-alphas", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return got
}

func pick(m map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}

var cnnKeys = []string{"normal", "normal_concat", "reduce", "reduce_concat"}
var rnnKeys = []string{"recurrent", "recurrent_concat"}

func TestDeriveReferenceCaseBoth(t *testing.T) {
	c := firstReferenceCase(t)
	path := writeJSON(t, map[string]any{"normal": c.Normal, "reduce": c.Reduce, "recurrent": c.Recurrent})
	got := deriveOutput(t, path)
	if want := pick(c.Expect, append(cnnKeys, rnnKeys...)...); !reflect.DeepEqual(got, want) {
		t.Errorf("derived\n%v\nwant\n%v", got, want)
	}
}

func TestDeriveReferenceCaseCNNOnly(t *testing.T) {
	c := firstReferenceCase(t)
	got := deriveOutput(t, writeJSON(t, map[string]any{"normal": c.Normal, "reduce": c.Reduce}))
	if want := pick(c.Expect, cnnKeys...); !reflect.DeepEqual(got, want) {
		t.Errorf("derived\n%v\nwant\n%v", got, want)
	}
}

func TestDeriveReferenceCaseRecurrentOnly(t *testing.T) {
	c := firstReferenceCase(t)
	got := deriveOutput(t, writeJSON(t, map[string]any{"recurrent": c.Recurrent}))
	if want := pick(c.Expect, rnnKeys...); !reflect.DeepEqual(got, want) {
		t.Errorf("derived\n%v\nwant\n%v", got, want)
	}
}

// TestDeriveOutputLayout checks the documented form: one field per line, in the reference's
// order, edges written ["op", from]. Three rows make a 2-node cell; node 1 keeps its input 1
// (identity, logit 2) over input 0 (tanh, logit 1).
func TestDeriveOutputLayout(t *testing.T) {
	path := writeTemp(t, "a.json", `{"recurrent": [[0, 0, 0, 1, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 2]]}`)
	_, out, _ := call("derive", "-alphas", path)
	want := "{\n" +
		`  "recurrent": [["sigmoid", 0], ["identity", 1]],` + "\n" +
		`  "recurrent_concat": [1, 2]` + "\n}\n"
	if out != want {
		t.Errorf("output\n%s\nwant\n%s", out, want)
	}
}

func TestDeriveErrors(t *testing.T) {
	row := "[0, 0, 0, 0, 0, 0, 0, 0]"
	rows := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + "]" }
	for _, tc := range []struct {
		name, content string
		code          int
		want          []string // substrings of stderr; "FILE" stands for the path
	}{
		{"malformed", "{\"normal\": [[1, 2],\n  [3, 4]", 1, []string{"FILE: invalid JSON at line 2"}},
		{"not an object", "[1, 2]", 1, []string{"FILE: expected a JSON object"}},
		{"string in matrix", "{\"recurrent\": [[1, \"x\", 0, 0, 0]]}", 1, []string{`FILE: field "recurrent": expected a matrix of numbers`, "JSON string"}},
		{"unknown field", `{"normal": [], "expect": {}}`, 1, []string{`FILE: unknown field "expect"`}},
		{"empty object", `{}`, 1, []string{"FILE: no alphas"}},
		{"empty matrix", `{"recurrent": []}`, 1, []string{`FILE: field "recurrent" is empty`}},
		{"normal without reduce", `{"normal": ` + rows(14) + `}`, 1, []string{`FILE: has "normal" but no "reduce"`}},
		{"reduce without normal", `{"reduce": ` + rows(14) + `}`, 1, []string{`FILE: has "reduce" but no "normal"`}},
		{"bad row count", `{"normal": ` + rows(13) + `, "reduce": ` + rows(13) + `}`, 1, []string{`FILE: "normal" has 13 rows`}},
		{"reduce shape", `{"normal": ` + rows(14) + `, "reduce": ` + rows(9) + `}`, 1, []string{"FILE: genotype: reduce alpha has 9 rows, expected 14"}},
		{"recurrent columns", `{"recurrent": [[1, 2, 3]]}`, 1, []string{"FILE: genotype: recurrent alpha row 0 has 3 columns, expected 5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "alphas.json", tc.content)
			code, out, errOut := call("derive", "-alphas", path)
			if code != tc.code || out != "" {
				t.Errorf("exit %d, stdout %q; want exit %d, no output", code, out, tc.code)
			}
			for _, w := range tc.want {
				if w = strings.ReplaceAll(w, "FILE", path); !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

func TestDeriveMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	code, _, errOut := call("derive", "-alphas", path)
	if code != 1 || !strings.Contains(errOut, path) || !strings.Contains(errOut, "no such file") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDeriveNeedsAlphasFlag(t *testing.T) {
	code, _, errOut := call("derive")
	if code != 2 || !strings.Contains(errOut, "-alphas FILE is required") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDeriveMultiplier(t *testing.T) {
	c := firstReferenceCase(t)
	path := writeJSON(t, map[string]any{"normal": c.Normal, "reduce": c.Reduce})
	code, out, errOut := call("derive", "-alphas", path, "-multiplier", "2")
	if code != 0 || !strings.Contains(out, `"normal_concat": [4, 5]`) {
		t.Errorf("exit %d, stderr %q, output:\n%s", code, errOut, out)
	}
	code, _, errOut = call("derive", "-alphas", path, "-multiplier", "5")
	if code != 1 || !strings.Contains(errOut, "multiplier") {
		t.Errorf("-multiplier 5: exit %d, stderr %q", code, errOut)
	}
}
