package gradcheck_test

import (
	dartsbackend "github.com/dartsml/godarts/darts/backend"
	"os"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"
)

// testBackend returns $DARTS_TEST_BACKEND when set, otherwise the darts CPU backend (darts-cpu).
func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	backendOnce.Do(func() {
		config := os.Getenv("DARTS_TEST_BACKEND")
		if config == "" {
			config = dartsbackend.Name // the darts CPU backend: the one every user without a GPU runs on
		}
		backend, backendErr = backends.NewWithConfig(config)
	})
	if backendErr != nil {
		t.Fatalf("creating test backend: %v", backendErr)
	}
	return backend
}

var (
	backendOnce sync.Once
	backend     backends.Backend
	backendErr  error
)
