package mnist

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
	"unicode"

	"github.com/dartsml/godarts/data/fetch"
)

// FashionDebianDir is where Debian's dataset-fashion-mnist package installs the four files.
const FashionDebianDir = "/usr/share/datasets/fashion-mnist"

// fashionSystemDir is FashionDebianDir, a variable only so tests can pretend it is absent.
var fashionSystemDir = FashionDebianDir

// Dir finds the MNIST files: in the mnist/ folder of each of fetch.Roots() ($DARTS_DATA,
// ../shared/data next to the repository, the user cache, where Download puts them), else the
// data/ folder of the GoMNIST module in the module cache. The error lists every place tried
// and how to get the data. It never downloads (Ensure does).
func Dir() (string, error) {
	return dir(MNIST, &fetch.Lookup{})
}

// FashionDir finds the Fashion-MNIST files: in the fashion-mnist/ folder of each of
// fetch.Roots(), else Debian's FashionDebianDir.
func FashionDir() (string, error) {
	return dir(Fashion, &fetch.Lookup{})
}

func dir(set *Set, looked *fetch.Lookup) (string, error) {
	var fallback []string
	if set == MNIST {
		fallback = gomnistDirs()
	} else {
		fallback = []string{fashionSystemDir}
	}
	for _, pl := range fetch.Roots() {
		d := filepath.Join(pl.Dir, set.Folder)
		if hasFiles(d) {
			return d, nil
		}
		looked.Tried = append(looked.Tried, d)
	}
	for _, d := range fallback {
		if hasFiles(d) {
			return d, nil
		}
		looked.Tried = append(looked.Tried, d)
	}
	how := "run `go mod download " + gomnistModule + "` inside the godarts module"
	if set == Fashion {
		how = "on Debian/Ubuntu run `apt-get install dataset-fashion-mnist`"
	}
	return "", fmt.Errorf("mnist: no %s files (%s) in any of %s; run `darts download %s`, %s, "+
		"set %s to a folder whose %s/ holds them, or pass their folder explicitly",
		set.Title, files[0].images, looked, set.Name, how, fetch.EnvData, set.Folder)
}

// gomnistDirs lists where the GoMNIST data folder may be, most reliable first: the module cache
// path for the version recorded in the build info, the one for the version pinned here, then
// whatever `go list -m` reports from the current directory (useful in a godarts checkout whose
// go.mod moved to another version).
func gomnistDirs() []string {
	cache := modCache()
	var dirs []string
	add := func(d string) {
		for _, x := range dirs {
			if x == d {
				return
			}
		}
		dirs = append(dirs, d)
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Replace != nil {
				dep = dep.Replace
			}
			if dep.Path == gomnistModule && dep.Version != "" && cache != "" {
				add(filepath.Join(cache, escapePath(gomnistModule)+"@"+dep.Version, "data"))
			}
		}
	}
	if cache != "" {
		add(filepath.Join(cache, escapePath(gomnistModule)+"@"+gomnistVersion, "data"))
	}
	if d := goListDir(); d != "" {
		add(filepath.Join(d, "data"))
	}
	return dirs
}

// modCache is the module cache folder as the go command would pick it, without running it:
// $GOMODCACHE, else the first $GOPATH entry's pkg/mod, else ~/go/pkg/mod.
func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		return filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// escapePath applies the module cache's case encoding: each upper-case letter becomes '!'
// followed by its lower-case form, so "GoMNIST" is stored as "!go!m!n!i!s!t".
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// goListDir asks the go command, when there is one, where the module is; the last resort because
// it needs the toolchain and a go.mod that requires GoMNIST around the working directory.
func goListDir() string {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "list", "-m", "-f", "{{.Dir}}", gomnistModule)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off") // never download or edit go.mod from here
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
