package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// runVersion prints the module version, the commit it was built from (when the build recorded
// it), the Go toolchain and the GoMLX version.
func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	io.WriteString(stdout, versionText())
	return nil
}

func versionText() string {
	version, commit, gomlx := "(unknown)", "", "(unknown)"
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		var rev, when, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = ", with uncommitted changes"
				}
			}
		}
		if rev != "" {
			commit = fmt.Sprintf("commit %s (%s%s)\n", rev, when, dirty)
		}
		for _, dep := range info.Deps {
			if dep.Path == "github.com/gomlx/gomlx" {
				gomlx = dep.Version
			}
		}
	}
	return fmt.Sprintf("darts %s\n%s%s %s/%s, GoMLX %s\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH, gomlx)
}
