package run

import (
	"encoding/json"
	"testing"
)

func TestSnakeKey(t *testing.T) {
	for name, want := range map[string]string{
		"BatchSize": "batch_size", "LR": "lr", "LRMin": "lr_min", "ArchLR": "arch_lr", "C": "c", "BPTT": "bptt",
		"ArchWeightDecay": "arch_weight_decay", "ComputeDType": "compute_dtype", "DropPath": "drop_path",
		"NumClasses": "num_classes", "StepsPerEpoch": "steps_per_epoch", "Net": "net",
	} {
		if got := SnakeKey(name); got != want {
			t.Errorf("SnakeKey(%s) = %s, want %s", name, got, want)
		}
	}
}

type inner struct {
	LRMin float64 `json:"lr_min"`
}

func (c *inner) UnmarshalJSON(b []byte) error {
	type plain inner
	return DecodeConfig(b, (*plain)(c))
}

type outer struct {
	BatchSize int               `json:"batch_size"`
	Net       inner             `json:"net"`
	Names     map[string]string `json:"names"`
}

func (c *outer) UnmarshalJSON(b []byte) error {
	type plain outer
	return DecodeConfig(b, (*plain)(c))
}

// TestDecodeConfig reads the new keys and the old Go field names, at every level, and leaves
// values (a map's keys included) alone.
func TestDecodeConfig(t *testing.T) {
	for _, js := range []string{
		`{"batch_size": 64, "net": {"lr_min": 0.5}, "names": {"DARTS_V2": "x", "Big": "y"}}`,
		`{"BatchSize": 64, "Net": {"LRMin": 0.5}, "names": {"DARTS_V2": "x", "Big": "y"}}`,
	} {
		var c outer
		if err := jsonUnmarshal(js, &c); err != nil {
			t.Fatal(err)
		}
		if c.BatchSize != 64 || c.Net.LRMin != 0.5 || c.Names["DARTS_V2"] != "x" || c.Names["Big"] != "y" {
			t.Errorf("%s decoded as %+v", js, c)
		}
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
