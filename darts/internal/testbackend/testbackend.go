// Package testbackend gives tests the backend they run on, created one way everywhere.
package testbackend

import (
	"testing"

	"github.com/dartsml/godarts/darts/backend"
	"github.com/gomlx/gomlx/backends"
)

// CPU is a fresh darts-cpu backend, created directly (not through GoMLX's registry, so that the
// tests do not depend on installed plugins or $GOMLX_BACKEND) and finalised when the test ends.
func CPU(t testing.TB) backends.Backend {
	t.Helper()
	b, err := backend.NewCPU("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Finalize)
	return b
}
