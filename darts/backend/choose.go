package backend

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/xla"
)

// Environment variables that choose the backend.
const (
	// EnvGoMLX is GoMLX's own variable; when set it wins: e.g. "darts-cpu", "go",
	// "xla:cuda", or "xla:/abs/path/xla_cuda_plugin.so" for a plugin outside GoMLX's search path
	// (such as the one shipped with a JAX installation).
	EnvGoMLX = backends.ConfigEnvVar
	// EnvPlugin is ours: the absolute path of a PJRT plugin to run on through XLA.
	EnvPlugin = "DARTS_PJRT_PLUGIN"
)

// Choice is a backend configuration and the reason it was chosen.
type Choice struct {
	Config   string // a GoMLX backend configuration, e.g. "darts-cpu" or "xla:cuda"
	Reason   string // why, in a few words
	Explicit bool   // asked for by the user (so a failure is an error, not a fallback)
}

// availablePlugins lists installed PJRT plugins; a variable so tests can pretend.
var availablePlugins = func() []string {
	// Never download a plugin behind the user's back: that hangs or fails offline.
	xla.EnableAutoInstall(false)
	return xla.GetAvailablePlugins()
}

// Choose decides which backend NewBackend creates, without creating it:
//  1. GOMLX_BACKEND, when set;
//  2. DARTS_PJRT_PLUGIN, the absolute path of a PJRT plugin (e.g. a JAX installation's CUDA plugin);
//  3. XLA with an installed PJRT plugin: CUDA first, then CPU;
//  4. else darts-cpu.
func Choose() (Choice, error) {
	if cfg := os.Getenv(EnvGoMLX); cfg != "" {
		return Choice{Config: cfg, Reason: EnvGoMLX + " is set", Explicit: true}, nil
	}
	if path := os.Getenv(EnvPlugin); path != "" {
		if !filepath.IsAbs(path) {
			return Choice{}, fmt.Errorf("%s=%q: expected the absolute path of a PJRT plugin (.so)", EnvPlugin, path)
		}
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			return Choice{}, fmt.Errorf("%s=%q: no such plugin file (expected e.g. .../jax_plugins/xla_cuda13/xla_cuda_plugin.so)", EnvPlugin, path)
		}
		return Choice{Config: "xla:" + path, Reason: EnvPlugin + " is set", Explicit: true}, nil
	}
	plugins := availablePlugins()
	for _, p := range []string{"cuda", "cpu"} {
		if slices.Contains(plugins, p) {
			return Choice{Config: "xla:" + p, Reason: fmt.Sprintf("PJRT plugin %q is installed", p)}, nil
		}
	}
	return Choice{Config: Name, Reason: "no PJRT plugin installed (set " + EnvPlugin + " or " + EnvGoMLX + " to use one)"}, nil
}

// LogWriter is where NewBackend writes its one line; nil silences it.
var LogWriter io.Writer = os.Stderr

// NewBackend creates the backend chosen by Choose and writes one line saying which and why.
// A plugin found by the search that fails to load falls back to darts-cpu (with the reason);
// a backend the user asked for by environment variable that fails is an error.
func NewBackend() (backends.Backend, error) {
	choice, err := Choose()
	if err != nil {
		return nil, err
	}
	b, err := newWithConfig(choice.Config)
	if err != nil && !choice.Explicit {
		choice = Choice{Config: Name, Reason: fmt.Sprintf("%s failed to load (%v)", choice.Config, err)}
		b, err = newWithConfig(choice.Config)
	}
	if err != nil {
		return nil, fmt.Errorf("backend %q (%s): %w", choice.Config, choice.Reason, err)
	}
	if LogWriter != nil {
		fmt.Fprintf(LogWriter, "darts: backend %s: %s\n", choice.Config, choice.Reason)
	}
	return b, nil
}

// newWithConfig is backends.NewWithConfig, except that XLA gets our client options and CUDA setup
// (see newXLA).
func newWithConfig(config string) (backends.Backend, error) {
	if rest, ok := strings.CutPrefix(config, "xla:"); ok && rest != "" {
		return newXLA(rest)
	}
	return backends.NewWithConfig(config)
}

// MustNewBackend is NewBackend for notebooks and examples: it panics on error.
func MustNewBackend() backends.Backend {
	b, err := NewBackend()
	if err != nil {
		panic(err)
	}
	return b
}
