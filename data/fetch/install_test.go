package fetch

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestInstall(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "set")
	fill := func(content string) func(string) error {
		return func(tmp string) error { return os.WriteFile(filepath.Join(tmp, "a"), []byte(content), 0o644) }
	}
	if err := Install(dest, fill("one")); err != nil {
		t.Fatal(err)
	}
	if err := Install(dest, fill("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a")); string(b) != "two" {
		t.Errorf("content %q after replacing", b)
	}
	if st, _ := os.Stat(dest); st.Mode().Perm() != 0o755 {
		t.Errorf("mode %v", st.Mode())
	}
	boom := errors.New("boom")
	if err := Install(filepath.Join(root, "bad"), func(tmp string) error {
		os.WriteFile(filepath.Join(tmp, "half"), nil, 0o644)
		return boom
	}); err != boom {
		t.Errorf("fill's error: %v", err)
	}
	if names := entries(t, root); len(names) != 1 || names[0] != "set" {
		t.Errorf("root holds %v after a failed fill, want only set", names)
	}
}

func TestRoots(t *testing.T) {
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	os.MkdirAll(filepath.Join(repo, "notebooks"), 0o755)
	os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644)
	os.MkdirAll(filepath.Join(tmp, "shared", "data"), 0o755)
	t.Chdir(filepath.Join(repo, "notebooks"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	t.Setenv("HOME", tmp)

	t.Setenv(EnvData, "")
	want := []Place{{filepath.Join(tmp, "shared", "data"), FromShared}, {filepath.Join(tmp, "cache", "godarts"), FromCache}}
	if got := Roots(); !equal(got, want) {
		t.Errorf("without DARTS_DATA: %v, want %v", got, want)
	}
	if r, _ := Root(); r != filepath.Join(tmp, "cache", "godarts") {
		t.Errorf("Root without DARTS_DATA: %s", r)
	}
	t.Setenv(EnvData, filepath.Join(tmp, "d"))
	want = append([]Place{{filepath.Join(tmp, "d"), FromEnv}}, want...)
	if got := Roots(); !equal(got, want) {
		t.Errorf("with DARTS_DATA: %v, want %v", got, want)
	}
	if r, _ := Root(); r != filepath.Join(tmp, "d") {
		t.Errorf("Root with DARTS_DATA: %s", r)
	}
}

func equal(a, b []Place) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
