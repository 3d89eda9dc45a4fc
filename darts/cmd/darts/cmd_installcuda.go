package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/gomlx/go-xla/pkg/installer"
)

// runInstallCUDA installs the PJRT CUDA plugin and NVIDIA's libraries with GoMLX's installer
// (JAX's pip packages from pypi.org, checked against their sha256): the CUDA Docker image runs it
// at build time. It needs the network; nothing else in this project downloads a plugin.
func runInstallCUDA(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("install-cuda", stderr)
	lib := fs.String("lib", "/usr/local/lib", "library folder; the plugin goes to LIB/go-xla/nvidia, where GoMLX finds it (xla:cuda)")
	plugin := fs.String("plugin", "cuda13", "cuda13 or cuda12 (match the machine's driver)")
	version := fs.String("version", "latest", "JAX plugin version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := filepath.Join(*lib, "go-xla")
	if err := installer.CudaInstall(*plugin, *version, dir, true, installer.Normal); err != nil {
		return fmt.Errorf("install-cuda: %w", err)
	}
	fmt.Fprintf(stdout, "installed the %s PJRT plugin (%s) under %s; use it with GOMLX_BACKEND=xla:cuda\n", *plugin, *version, filepath.Join(dir, "nvidia"))
	return nil
}
