package cifar10

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/fetch"
)

// fakeCheckout makes tmp/repo (with go.mod) and works inside tmp/repo/notebooks, with the user
// cache in tmp/cache and DARTS_DATA=tmp/data, so that nothing outside tmp is looked at.
func fakeCheckout(t *testing.T) string {
	tmp := t.TempDir()
	mk(t, filepath.Join(tmp, "repo", "notebooks"))
	os.WriteFile(filepath.Join(tmp, "repo", "go.mod"), []byte("module x\n"), 0o644)
	t.Chdir(filepath.Join(tmp, "repo", "notebooks"))
	t.Setenv("XDG_CACHE_HOME", mk(t, filepath.Join(tmp, "cache")))
	t.Setenv("HOME", tmp)
	t.Setenv(fetch.EnvData, mk(t, filepath.Join(tmp, "data")))
	t.Setenv(fetch.EnvMirror, "http://127.0.0.1:1") // nothing listens there: any download fails
	return tmp
}

func mk(t *testing.T, p string) string {
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFindOrder checks the lookup order: explicit path, $DARTS_DATA, ../shared/data (a full
// copy, then the subset), the user cache; and the error listing every place tried.
func TestFindOrder(t *testing.T) {
	tmp := fakeCheckout(t)
	mk(t, filepath.Join(tmp, "shared", "data"))
	_, err := Find("")
	for _, s := range []string{filepath.Join(tmp, "data", FolderName), filepath.Join(tmp, "shared", "data", SubsetFolder, FolderName),
		filepath.Join(tmp, "cache", "godarts", FolderName), "darts download cifar10"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("nothing present: error %v, want it to name %s", err, s)
		}
	}
	cached := mk(t, filepath.Join(tmp, "cache", "godarts", FolderName))
	subset := mk(t, filepath.Join(tmp, "shared", "data", SubsetFolder, FolderName))
	fromEnv := mk(t, filepath.Join(tmp, "data", FolderName))
	explicit := mk(t, filepath.Join(tmp, "mine"))
	steps := []struct {
		remove, want, wantFull string
	}{
		{"", fromEnv, fromEnv},
		{fromEnv, subset, cached},
		{subset, cached, cached},
	}
	for _, s := range steps {
		if s.remove != "" {
			os.Remove(s.remove)
		}
		if got, err := Find(""); got != s.want {
			t.Errorf("Find = %q, %v; want %q", got, err, s.want)
		}
		if got, err := FindFull(""); got != s.wantFull {
			t.Errorf("FindFull = %q, %v; want %q", got, err, s.wantFull)
		}
	}
	if got, err := Find(explicit); got != explicit || err != nil {
		t.Errorf("explicit: %q, %v", got, err)
	}
	if _, err := Find(filepath.Join(tmp, "typo")); err == nil || !strings.Contains(err.Error(), "typo") {
		t.Errorf("missing explicit path: %v", err)
	}
}

// TestEnsure: a missing data set is downloaded into $DARTS_DATA after saying what and where;
// a present one, or an explicit path, never touches the network; offline, the error names the
// data set, where it looked and the command that downloads it.
func TestEnsure(t *testing.T) {
	tmp := fakeCheckout(t)
	ctx := context.Background()
	var out bytes.Buffer
	g := fetch.Getter{Progress: &out}

	_, err := Ensure(ctx, g, "", false)
	for _, s := range []string{"CIFAR-10 not found", filepath.Join(tmp, "data", FolderName), "`darts download cifar10`", "127.0.0.1:1"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("offline: error %v, want it to contain %q", err, s)
		}
	}
	if _, err := Ensure(ctx, g, filepath.Join(tmp, "absent"), false); err == nil || strings.Contains(err.Error(), "download") {
		t.Errorf("explicit missing path: %v (want an error without a download)", err)
	}

	body := makeTar(t, genFiles(2), true)
	hits := mirror(t, body)
	withSum(t, body)
	p, err := Ensure(ctx, g, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(tmp, "data", FolderName); p != want || hits.Load() != 1 {
		t.Errorf("downloaded to %s with %d requests, want %s with 1", p, hits.Load(), want)
	}
	if !strings.Contains(out.String(), "cifar10: no copy found") || !strings.Contains(out.String(), "into "+filepath.Join(tmp, "data")) {
		t.Errorf("progress %q does not say what is downloaded where", out.String())
	}
	// Now present: no further request, also for the full set.
	for _, full := range []bool{false, true} {
		if q, err := Ensure(ctx, g, "", full); q != p || err != nil || hits.Load() != 1 {
			t.Errorf("present (full %v): %s, %v, %d requests", full, q, err, hits.Load())
		}
	}
	// The shared subset serves quick runs but not full ones.
	os.RemoveAll(p)
	mk(t, filepath.Join(tmp, "shared", "data", SubsetFolder, FolderName))
	if q, _ := Ensure(ctx, g, "", false); hits.Load() != 1 || !strings.Contains(q, SubsetFolder) {
		t.Errorf("quick with the subset: %s, %d requests", q, hits.Load())
	}
	if q, err := Ensure(ctx, g, "", true); err != nil || hits.Load() != 2 || q != p {
		t.Errorf("full with only the subset: %s, %v, %d requests (want a download)", q, err, hits.Load())
	}
}

func TestForModeRejectsUnknownMode(t *testing.T) {
	if _, err := ForMode("fast"); err == nil || !strings.Contains(err.Error(), `mode "fast", want quick or paper`) {
		t.Errorf("ForMode(fast): %v", err)
	}
}
