package backend

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gomlx/go-xla/pkg/pjrt"
	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/xla"
)

// Environment variables for XLA on a GPU.
const (
	// EnvGPUPreallocate ("true"/"false") is the PJRT GPU client's "preallocate" option: by default
	// XLA reserves most of the GPU's memory up front; "false" lets its allocator grow on demand, so
	// that nvidia-smi shows what a run really needs (the GPU benchmark sets it).
	EnvGPUPreallocate = "DARTS_GPU_PREALLOCATE"
	// EnvCUDADir is a CUDA root (holding nvvm/libdevice) for XLA's GPU compiler, when the one found
	// next to the plugin or in /usr/local/cuda is not the right one.
	EnvCUDADir = "DARTS_CUDA_DIR"
)

// newXLA creates the XLA backend for config (what follows "xla:", e.g. "cuda" or an absolute
// plugin path, optionally followed by ",option"s), with client options from the environment.
func newXLA(config string) (backends.Backend, error) {
	plugin, _, _ := strings.Cut(config, ",")
	options := pjrt.NamedValuesMap{}
	if isCUDAPlugin(plugin) {
		if err := setCUDADataDir(plugin); err != nil {
			return nil, err
		}
		if v := os.Getenv(EnvGPUPreallocate); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("%s=%q: expected true or false", EnvGPUPreallocate, v)
			}
			options["preallocate"] = b
		}
	}
	xla.EnableAutoInstall(false)
	return xla.NewWithOptions(plugin+strings.TrimPrefix(config, plugin), options)
}

func isCUDAPlugin(plugin string) bool {
	p := strings.ToLower(filepath.Base(plugin))
	return strings.Contains(p, "cuda") || strings.Contains(p, "nvidia")
}

// setCUDADataDir tells XLA's GPU compiler where CUDA's libdevice is, through XLA_FLAGS, unless the
// user already did. Why: go-xla v0.1.4, on finding an nvidia/ folder next to a CUDA plugin, sets
// --xla_gpu_cuda_data_dir to a path of its author's machine, which breaks compilation anywhere else.
// We set the flag first (go-xla keeps an existing one): the root found from DARTS_CUDA_DIR, the
// plugin's Python site-packages (nvidia/cu13, nvidia/cuda_nvcc, ...), or /usr/local/cuda. When none
// holds libdevice, go-xla's check is switched off and XLA searches on its own.
func setCUDADataDir(plugin string) error {
	if strings.Contains(os.Getenv("XLA_FLAGS"), "--xla_gpu_cuda_data_dir") {
		return nil
	}
	if dir := os.Getenv(EnvCUDADir); dir != "" {
		if !hasLibdevice(dir) {
			return fmt.Errorf("%s=%q: no nvvm/libdevice/libdevice.10.bc under it (expected a CUDA root)", EnvCUDADir, dir)
		}
		return addXLAFlag("--xla_gpu_cuda_data_dir=" + dir)
	}
	if dir := findCUDARoot(plugin); dir != "" {
		return addXLAFlag("--xla_gpu_cuda_data_dir=" + dir)
	}
	return os.Setenv("GOPJRT_CUDA_CHECKS", "0")
}

// findCUDARoot returns the first candidate CUDA root holding libdevice, or "".
func findCUDARoot(plugin string) string {
	var candidates []string
	if filepath.IsAbs(plugin) {
		// .../site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so -> .../site-packages/nvidia
		nvidia := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(plugin))), "nvidia")
		candidates = append(candidates, filepath.Join(nvidia, "cu13"), filepath.Join(nvidia, "cuda_nvcc"), nvidia)
		if subs, err := filepath.Glob(filepath.Join(nvidia, "*")); err == nil {
			candidates = append(candidates, subs...)
		}
	}
	// GoMLX's installer (darts install-cuda) puts the plugin and NVIDIA's pip libraries under
	// <lib>/go-xla/nvidia.
	for _, lib := range goXLALibDirs() {
		nvidia := filepath.Join(lib, "go-xla", "nvidia")
		candidates = append(candidates, filepath.Join(nvidia, "cuda_nvcc"), nvidia)
		if subs, err := filepath.Glob(filepath.Join(nvidia, "*")); err == nil {
			candidates = append(candidates, subs...)
		}
	}
	candidates = append(candidates, "/usr/local/cuda")
	for _, dir := range candidates {
		if hasLibdevice(dir) {
			return dir
		}
	}
	return ""
}

func hasLibdevice(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "nvvm", "libdevice", "libdevice.10.bc"))
	return err == nil
}

func addXLAFlag(flag string) error {
	flags := strings.TrimSpace(os.Getenv("XLA_FLAGS") + " " + flag)
	return os.Setenv("XLA_FLAGS", flags)
}

// goXLALibDirs are the library folders GoMLX searches for installed plugins (under go-xla/).
func goXLALibDirs() []string {
	dirs := []string{"/usr/local/lib"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "lib"))
	}
	return dirs
}
