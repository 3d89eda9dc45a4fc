package run

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// LockFile is the file of a run directory that its writer holds locked.
const LockFile = ".lock"

// ErrLocked is returned (wrapped) by Lock when another process writes in the run directory.
var ErrLocked = errors.New("run directory in use")

// Lock takes the run directory's advisory lock for the life of the process (or until the
// returned release is called): one writer per run folder, so two searches, a search and its
// -resume, or two selections cannot interleave their records and checkpoints. The lock is an
// flock(2) on LockFile, which the kernel drops when the process dies however it dies, so a
// killed run never leaves a stale lock; the file holds the writer's pid for the error message.
// Where flock is not available (non-Unix systems) Lock does nothing and always succeeds.
func (d *Dir) Lock() (release func(), err error) {
	f, err := os.OpenFile(d.File(LockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run: locking %s: %w", d.Path, err)
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("run: locking %s: %w", d.Path, err)
	}
	if !ok {
		holder := "another process"
		if data, err := os.ReadFile(d.File(LockFile)); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
				holder = fmt.Sprintf("process %d", pid)
			}
		}
		f.Close()
		return nil, fmt.Errorf("%w: %s is being written by %s (one search, training or selection per run directory; "+
			"wait for it to finish or stop it, or choose another folder)", ErrLocked, d.Path, holder)
	}
	// The pid is informative only: the lock itself is the flock, not the file's content.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		unlock(f)
		f.Close()
	}, nil
}
