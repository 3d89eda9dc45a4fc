package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFindCIFAR10Order checks the lookup order: explicit path, $DARTS_DATA, the shared subset
// next to the repository root, the download cache; and the error listing every place tried.
func TestFindCIFAR10Order(t *testing.T) {
	tmp := t.TempDir()
	mk := func(p string) string {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A fake checkout: tmp/shared/... next to tmp/repo (with go.mod), working inside repo/notebooks.
	repo := mk(filepath.Join(tmp, "repo", "notebooks"))
	os.WriteFile(filepath.Join(tmp, "repo", "go.mod"), []byte("module x\n"), 0o644)
	t.Chdir(repo)
	t.Setenv("XDG_CACHE_HOME", mk(filepath.Join(tmp, "cache")))
	t.Setenv("HOME", tmp)
	t.Setenv(EnvData, mk(filepath.Join(tmp, "data")))

	_, err := FindCIFAR10("")
	if err == nil || !strings.Contains(err.Error(), filepath.Join(tmp, "data", "cifar-10-batches-bin")) ||
		!strings.Contains(err.Error(), filepath.Join(tmp, "shared", "data", "cifar10-subset")) ||
		!strings.Contains(err.Error(), "cifar10.Download") {
		t.Errorf("nothing present: error %v, want every place tried and how to download", err)
	}
	cached := filepath.Join(mk(filepath.Join(tmp, "cache", "godarts", "cifar10")), "cifar-10-binary.tar.gz")
	os.WriteFile(cached, nil, 0o644)
	shared := mk(filepath.Join(tmp, "shared", "data", "cifar10-subset", "cifar-10-batches-bin"))
	fromEnv := mk(filepath.Join(tmp, "data", "cifar-10-batches-bin"))
	explicit := mk(filepath.Join(tmp, "mine"))
	for _, tc := range []struct{ arg, want string }{
		{explicit, explicit}, {"", fromEnv},
	} {
		if got, err := FindCIFAR10(tc.arg); err != nil || got != tc.want {
			t.Errorf("FindCIFAR10(%q) = %q, %v; want %q", tc.arg, got, err, tc.want)
		}
	}
	os.Remove(fromEnv)
	if got, _ := FindCIFAR10(""); got != shared {
		t.Errorf("without $DARTS_DATA's copy: %q, want the shared subset %q", got, shared)
	}
	os.Remove(shared)
	if got, _ := FindCIFAR10(""); got != cached {
		t.Errorf("only the cache: %q, want %q", got, cached)
	}
	if _, err := FindCIFAR10(filepath.Join(tmp, "typo")); err == nil || !strings.Contains(err.Error(), "typo") {
		t.Errorf("missing explicit path: %v", err)
	}
}

func TestSyntheticData(t *testing.T) {
	a, err := SyntheticData(100, 3)
	if err != nil {
		t.Fatal(err)
	}
	if a.Train.Len() != 50 || a.Val.Len() != 50 || a.Train.Height != 32 || a.Train.Channels != 3 || a.Train.NumClasses != 10 {
		t.Errorf("halves %v / %v", a.Train, a.Val)
	}
	b, _ := SyntheticData(100, 3)
	c, _ := SyntheticData(100, 4)
	if !slices.Equal(a.Train.Pixels, b.Train.Pixels) || slices.Equal(a.Train.Pixels, c.Train.Pixels) {
		t.Error("synthetic data should depend on the seed, and only on it")
	}
	if _, err := SyntheticData(1, 0); err == nil {
		t.Error("1 image accepted")
	}
}

func TestCIFAR10DataSharedSubset(t *testing.T) {
	p, err := FindCIFAR10("")
	if err != nil {
		t.Skipf("no CIFAR-10 here: %v", err)
	}
	d, err := CIFAR10Data(p, 0.5, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != d.Val.Len() || d.Train.Len() < 1000 || d.Augment.Pad != 4 || !d.Augment.Flip {
		t.Errorf("split %v / %v, augment %+v", d.Train, d.Val, d.Augment)
	}
}

func TestModeCIFAR10Data(t *testing.T) {
	if _, err := ModeCIFAR10Data("fast", QuickRunConfig(1)); err == nil || !strings.Contains(err.Error(), `"fast"`) {
		t.Errorf("mode fast: %v", err)
	}
	if _, err := FindCIFAR10(""); err != nil {
		t.Skipf("no CIFAR-10 here: %v", err)
	}
	d, err := ModeCIFAR10Data("quick", QuickRunConfig(1))
	if err != nil || d.Train.Len() == 0 || d.Train.Len() != d.Val.Len() {
		t.Errorf("quick: %v, %v", d.Train, err)
	}
}
