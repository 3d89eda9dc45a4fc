package run

import (
	"encoding/json"
	"strings"
	"unicode"
)

// Configurations (config.json, selection.json, the configuration inside a checkpoint) are
// stored with snake_case keys, as metrics.jsonl is: batch_size, lr_min, arch_weight_decay.
// Runs stored before that used the Go field names (BatchSize, LRMin, ...); DecodeConfig reads
// both, so those runs still resume and plot.

// SnakeKey is the snake_case key of a Go field name: BatchSize → batch_size, LRMin → lr_min,
// BPTT → bptt, C → c. Every configuration field is tagged with it (a test checks), which is
// what lets DecodeConfig map an old key to the new one.
func SnakeKey(name string) string {
	if k, ok := snakeExceptions[name]; ok {
		return k
	}
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// snakeExceptions are names the rule above splits badly.
var snakeExceptions = map[string]string{"ComputeDType": "compute_dtype"}

// isGoName reports whether a key is spelt like an exported Go field (the old key style).
func isGoName(k string) bool {
	r := []rune(k)
	return len(r) > 0 && unicode.IsUpper(r[0]) && !strings.Contains(k, "_")
}

// DecodeConfig decodes one level of a stored configuration into v, a pointer to a struct (or
// to a type defined from one, to avoid recursing into its own UnmarshalJSON) whose fields are
// tagged with their SnakeKey: a key spelt as a Go field name is read under its SnakeKey. Nested
// configurations convert their own level in their UnmarshalJSON.
func DecodeConfig(data []byte, v any) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return json.Unmarshal(data, v) // not an object: let json report it against v's type
	}
	legacy := false
	for k := range m {
		legacy = legacy || isGoName(k)
	}
	if !legacy {
		return json.Unmarshal(data, v)
	}
	renamed := make(map[string]json.RawMessage, len(m))
	for k, x := range m {
		if isGoName(k) {
			k = SnakeKey(k)
		}
		renamed[k] = x
	}
	b, err := json.Marshal(renamed)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
