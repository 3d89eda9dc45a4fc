package run_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dartsml/godarts/darts/evalnet"
	"github.com/dartsml/godarts/darts/genotype"
	"github.com/dartsml/godarts/darts/rnn"
	"github.com/dartsml/godarts/darts/run"
	"github.com/dartsml/godarts/darts/search"
	"github.com/dartsml/godarts/darts/train"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// configs are the stored configurations (config.json, selection.json, checkpoints), with
// every field set away from its zero value where the type allows.
func configs(t *testing.T) []any {
	g, err := genotype.Lookup("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	r, err := genotype.LookupRecurrent("DARTS_V2")
	if err != nil {
		t.Fatal(err)
	}
	s := search.PaperRunConfig(2)
	s.ComputeDType, s.Net.Compute, s.Net.Steps, s.Net.Primitives = "bfloat16", dtypes.BFloat16, 4, []string{"none", "skip_connect"}
	rs := rnn.PaperSearchConfig(2, 100)
	rs.MoveEmbedding, rs.StepsPerEpoch, rs.EvalWindows = true, 3, 4
	return []any{&s, ptr(train.PaperImageNet(g)), ptr(evalnet.PaperCIFAR(g)), &rs, ptr(rnn.PaperTrainConfig(r, 100, true))}
}

func ptr[T any](v T) *T { return &v }

// TestConfigKeysAreSnakeCase: every field of a stored configuration is tagged with
// run.SnakeKey of its name, the keys of metrics.jsonl's style, which is also what lets old
// runs' Go-named keys be read back.
func TestConfigKeysAreSnakeCase(t *testing.T) {
	for _, c := range configs(t) {
		checkTags(t, reflect.TypeOf(c).Elem())
	}
}

func checkTags(t *testing.T, typ reflect.Type) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name != run.SnakeKey(f.Name) {
			t.Errorf("%s.%s: json key %q, want %q", typ, f.Name, name, run.SnakeKey(f.Name))
		}
		if f.Type.Kind() == reflect.Struct && strings.HasPrefix(f.Type.PkgPath(), "github.com/dartsml/godarts/darts/") &&
			f.Type.PkgPath() != "github.com/dartsml/godarts/darts/genotype" {
			checkTags(t, f.Type)
		}
	}
}

// legacy encodes v as runs stored it before the tags: Go field names as keys.
func legacy(t *testing.T, v reflect.Value) json.RawMessage {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return json.RawMessage("null")
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct || v.Type().PkgPath() == "github.com/dartsml/godarts/darts/genotype" ||
		!strings.HasPrefix(v.Type().PkgPath(), "github.com/dartsml/godarts/darts/") {
		b, err := json.Marshal(v.Interface())
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	m := map[string]json.RawMessage{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Tag.Get("json") == "-" || !f.IsExported() {
			continue
		}
		m[f.Name] = legacy(t, v.Field(i))
	}
	b, _ := json.Marshal(m)
	return b
}

// TestOldConfigsStillRead: a configuration stored with Go field names (before the snake_case
// keys) reads back equal, nested configurations included; so does one stored now.
func TestOldConfigsStillRead(t *testing.T) {
	for _, c := range configs(t) {
		old := legacy(t, reflect.ValueOf(c))
		if !strings.Contains(string(old), `"Net":`) && !strings.Contains(string(old), `"Kind":`) {
			t.Fatalf("legacy encoding %s", old)
		}
		now, _ := json.Marshal(c)
		for what, b := range map[string][]byte{"old": old, "new": now} {
			back := reflect.New(reflect.TypeOf(c).Elem())
			if err := json.Unmarshal(b, back.Interface()); err != nil {
				t.Fatalf("%T %s: %v", c, what, err)
			}
			if !reflect.DeepEqual(back.Interface(), c) {
				t.Errorf("%T from the %s keys:\n%s\nread back as %+v, want %+v", c, what, b, back.Elem(), reflect.ValueOf(c).Elem())
			}
		}
	}
}
