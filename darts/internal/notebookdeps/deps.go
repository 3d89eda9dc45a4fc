//go:build tools

// Package notebookdeps lists modules that the notebooks import and no package of ours does, so
// that `go mod tidy` keeps them in go.mod (the notebooks build against this module's go.mod; see
// notebooks/README.md). The build tag keeps it out of every build.
package notebookdeps

import (
	_ "github.com/janpfeifer/must"
)
