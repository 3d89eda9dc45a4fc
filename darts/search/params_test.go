package search

import (
	"testing"

	"github.com/dartsml/godarts/darts/backend"
)

// TestParamCountsMatchReference checks the exact weight counts of the reference's search network
// (α excluded) from ../shared/reference/README.md.
func TestParamCountsMatchReference(t *testing.T) {
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		layers, c, want int
	}{
		{8, 16, 1930618},
		{5, 8, 394210},
		{5, 16, 1275834},
	} {
		got := CountParams(b, Config{C: tc.c, Layers: tc.layers, NumClasses: 10})
		if got != tc.want {
			t.Errorf("search net %d cells, C=%d: %d weights, want %d", tc.layers, tc.c, got, tc.want)
		}
	}
}
