package gradcheck

import (
	"testing"

	"github.com/gomlx/gomlx/backends"
)

// Require runs Check and fails the test if the graphs cannot be built or run, or if any input's
// gradient disagrees with finite differences. The full report is logged either way.
func Require(t testing.TB, backend backends.Backend, loss LossFn, inputs []Input, opts Options) *Report {
	t.Helper()
	report, err := Check(backend, loss, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(report)
	if err := report.Err(); err != nil {
		t.Error(err)
	}
	return report
}
