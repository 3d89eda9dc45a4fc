package fetch

import (
	"fmt"
	"os"
	"path/filepath"
)

// Environment variables.
const (
	// EnvData names the data folder: searched first, and where downloads go.
	EnvData = "DARTS_DATA"
	// EnvMirror is a base URL that replaces every official URL: a file is fetched from
	// $DARTS_DATA_MIRROR/<data set>/<file name>, e.g. .../cifar10/cifar-10-binary.tar.gz.
	EnvMirror = "DARTS_DATA_MIRROR"
)

// Kind tells where a root comes from, for loaders that treat them differently (the shared
// folder holds a CIFAR-10 subset under another name).
type Kind int

const (
	FromEnv    Kind = iota // $DARTS_DATA
	FromShared             // ../shared/data next to the repository root
	FromCache              // the user cache folder
)

// Place is one folder that may hold data sets.
type Place struct {
	Dir  string
	Kind Kind
}

// Root is where downloads go: $DARTS_DATA when set, else UserCacheDir()/godarts.
func Root() (string, error) {
	if d := os.Getenv(EnvData); d != "" {
		return d, nil
	}
	return userCache()
}

func userCache() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("fetch: no data folder: set %s (%w)", EnvData, err)
	}
	return filepath.Join(base, "godarts"), nil
}

// Roots lists the folders that may hold data sets, in the order loaders search them:
// $DARTS_DATA when set, ../shared/data next to the repository root when the working directory
// is inside a checkout that has one beside it, and the user cache folder.
func Roots() []Place {
	var ps []Place
	add := func(dir string, k Kind) {
		for _, p := range ps {
			if p.Dir == dir {
				return
			}
		}
		ps = append(ps, Place{dir, k})
	}
	if d := os.Getenv(EnvData); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		add(filepath.Clean(d), FromEnv)
	}
	if root, ok := RepoRoot(); ok {
		if d := filepath.Join(root, "..", "shared", "data"); Exists(d) {
			add(filepath.Clean(d), FromShared)
		}
	}
	if d, err := userCache(); err == nil {
		add(d, FromCache)
	}
	return ps
}

// RepoRoot is the nearest folder at or above the working directory that holds a go.mod, so that
// ../shared/data is found from the root, from notebooks/ and from a package's test.
func RepoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if Exists(filepath.Join(dir, "go.mod")) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Exists reports whether p can be stat'ed.
func Exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
