package gradcheck_test

import (
	"os"
	"sync"
	"testing"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // The stock pure-Go backend, used until darts/backend is ready.
)

// testBackend returns $DARTS_TEST_BACKEND when set, otherwise GoMLX's pure-Go backend ("go").
func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	backendOnce.Do(func() {
		config := os.Getenv("DARTS_TEST_BACKEND")
		if config == "" {
			config = "go"
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
