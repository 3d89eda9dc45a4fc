package train

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartsml/godarts/data/fetch"
)

// TestModeImageNetDataPaperNeedsImageNet: paper mode looks for imagenet/ in the data roots and
// says where it looked and that it cannot download ImageNet.
func TestModeImageNetDataPaperNeedsImageNet(t *testing.T) {
	tmp := t.TempDir()
	t.Chdir(tmp)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "cache"))
	t.Setenv(fetch.EnvData, filepath.Join(tmp, "data"))
	_, _, err := ModeImageNetData("paper", QuickImageNet(darts2(t)), filepath.Join(tmp, "toy"))
	for _, want := range []string{filepath.Join(tmp, "data", "imagenet", "train"), "image-net.org"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to contain %q", err, want)
		}
	}
}
