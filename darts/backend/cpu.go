package backend

import (
	"github.com/dartsml/godarts/darts/backend/dartscpu"
	"github.com/gomlx/gomlx/backends"
)

// Name is the name under which the darts CPU backend registers with GoMLX (GOMLX_BACKEND=darts-cpu).
const Name = dartscpu.Name

// NewCPU creates the darts CPU backend with its comma-separated options (see dartscpu.New): the
// one constructor the commands, tests and notebooks need, so that they choose a backend through
// this package alone.
func NewCPU(config string) (backends.Backend, error) { return dartscpu.New(config) }
