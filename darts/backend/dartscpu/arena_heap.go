//go:build !unix

package dartscpu

// newArena allocates an arena on the Go heap (no anonymous mappings on this system).
func newArena(bytes int64) ([]uint64, error) { return make([]uint64, (bytes+7)/8), nil }

// freeArena leaves the arena to the garbage collector.
func freeArena([]uint64) {}
