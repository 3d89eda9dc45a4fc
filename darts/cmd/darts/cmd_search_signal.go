package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// afterNotify, when set (tests), runs once the signal handler is installed: a test sends the
// process a real SIGINT from it.
var afterNotify func()

// stopOnSignal returns a channel that closes on the first SIGINT or SIGTERM (search.Run then
// writes a checkpoint at the next step and returns ErrInterrupted), and a release function.
// After the first signal the default handling is back, so a second Ctrl-C quits at once (the
// checkpoint is written atomically, so that cannot leave a corrupt one).
func stopOnSignal(command string, stderr io.Writer) (stop <-chan struct{}, release func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	stopc, done := make(chan struct{}), make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			fmt.Fprintf(stderr, "\ndarts %s: %v: stopping after this step and writing a checkpoint (again to quit without one)\n", command, s)
			close(stopc)
		case <-done:
		}
	}()
	if afterNotify != nil {
		afterNotify()
	}
	return stopc, func() {
		signal.Stop(sigs)
		close(done)
	}
}
