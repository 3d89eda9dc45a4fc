package backend

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func withPlugins(t *testing.T, plugins ...string) {
	saved := availablePlugins
	availablePlugins = func() []string { return plugins }
	t.Cleanup(func() { availablePlugins = saved })
}

func TestChooseOrder(t *testing.T) {
	t.Setenv(EnvGoMLX, "")
	t.Setenv(EnvPlugin, "")
	withPlugins(t)
	if c, _ := Choose(); c.Config != Name || !strings.Contains(c.Reason, "no PJRT plugin") {
		t.Errorf("no plugins: got %+v", c)
	}
	withPlugins(t, "cpu", "cuda")
	if c, _ := Choose(); c.Config != "xla:cuda" {
		t.Errorf("cuda and cpu installed: got %+v, want xla:cuda", c)
	}
	withPlugins(t, "cpu")
	if c, _ := Choose(); c.Config != "xla:cpu" {
		t.Errorf("cpu installed: got %+v", c)
	}
	plugin := filepath.Join(t.TempDir(), "xla_cuda_plugin.so")
	if err := os.WriteFile(plugin, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvPlugin, plugin)
	if c, _ := Choose(); c.Config != "xla:"+plugin || !c.Explicit {
		t.Errorf("%s set: got %+v", EnvPlugin, c)
	}
	t.Setenv(EnvGoMLX, "go")
	if c, _ := Choose(); c.Config != "go" || !c.Explicit {
		t.Errorf("%s set: got %+v", EnvGoMLX, c)
	}
}

func TestChoosePluginErrors(t *testing.T) {
	t.Setenv(EnvGoMLX, "")
	for _, path := range []string{"relative/plugin.so", "/no/such/xla_cuda_plugin.so"} {
		t.Setenv(EnvPlugin, path)
		_, err := Choose()
		if err == nil || !strings.Contains(err.Error(), EnvPlugin) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s=%s: got error %v, want one naming the variable and the path", EnvPlugin, path, err)
		}
	}
}

// TestNewBackendWithoutPlugins is the offline default: no plugin anywhere, one line, darts-cpu.
func TestNewBackendWithoutPlugins(t *testing.T) {
	t.Setenv(EnvGoMLX, "")
	t.Setenv(EnvPlugin, "")
	t.Setenv("PJRT_PLUGIN_LIBRARY_PATH", t.TempDir())
	var log bytes.Buffer
	LogWriter = &log
	t.Cleanup(func() { LogWriter = os.Stderr })
	b, err := NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	if b.String() != Name {
		t.Fatalf("got backend %s, want %s", b, Name)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "darts: backend darts-cpu: ") {
		t.Fatalf("want one line naming darts-cpu, got %q", log.String())
	}
}
