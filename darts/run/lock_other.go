//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package run

import "os"

// tryLock: no flock here; the run directory is not protected against a second writer.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}
