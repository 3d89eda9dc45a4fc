package run

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

func TestLockOneWriter(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock")
	}
	d := &Dir{Path: t.TempDir()}
	release, err := d.Lock()
	if err != nil {
		t.Fatal(err)
	}
	// A second open of the lock file is another open file description: flock refuses it as it
	// would refuse a second process.
	_, err = d.Lock()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("process %d", os.Getpid())) {
		t.Fatalf("second Lock: %v; want ErrLocked naming pid %d", err, os.Getpid())
	}
	release()
	release2, err := d.Lock()
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	release2()
}

// TestLockHelperProcess is the holder of TestLockKilledHolder (a no-op when run directly).
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv("DARTS_LOCK_HELPER_DIR")
	if path == "" {
		t.Skip("helper process only")
	}
	if _, err := (&Dir{Path: path}).Lock(); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	select {} // hold it until killed
}

// TestLockKilledHolder: another process holds the lock (the error names its pid); once it is
// killed with SIGKILL, the kernel has released it and the folder can be locked again.
func TestLockKilledHolder(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock")
	}
	d := &Dir{Path: t.TempDir()}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "DARTS_LOCK_HELPER_DIR="+d.Path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper: %q, %v", line, err)
	}
	_, err = d.Lock()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("process %d", cmd.Process.Pid)) {
		t.Fatalf("Lock while held by pid %d: %v", cmd.Process.Pid, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	release, err := d.Lock()
	if err != nil {
		t.Fatalf("Lock after the holder was killed: %v", err)
	}
	release()
}
