package search

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
)

// TestConfigJSONNoInvalidDType: config.json leaves an unset compute dtype out instead of
// writing "InvalidDType", and a set one round-trips.
func TestConfigJSONNoInvalidDType(t *testing.T) {
	b, err := json.Marshal(PaperRunConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "InvalidDType") || strings.Contains(string(b), `"Compute"`) {
		t.Errorf("config.json %s", b)
	}
	c := PaperRunConfig(1)
	c.Net.Compute = dtypes.BFloat16
	b, _ = json.Marshal(c)
	var back RunConfig
	if err := json.Unmarshal(b, &back); err != nil || back.Net.Compute != dtypes.BFloat16 {
		t.Errorf("round trip of %s: %v, %v", b, back.Net.Compute, err)
	}
}
