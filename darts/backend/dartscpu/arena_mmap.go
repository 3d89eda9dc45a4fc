//go:build unix

package dartscpu

import (
	"fmt"
	"syscall"
	"unsafe"
)

// newArena maps fresh zeroed memory for an arena outside the Go heap. The arena's lifetime is
// managed by hand (arenaPool), so the garbage collector need not know it: inside the heap, a
// 650 MB arena would raise the collector's target by as much again, and that room would fill
// with garbage between collections.
func newArena(bytes int64) ([]uint64, error) {
	words := (bytes + 7) / 8
	mem, err := syscall.Mmap(-1, 0, int(words*8), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, fmt.Errorf("%s: mapping a %d-byte arena: %w", Name, words*8, err)
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(mem))), words), nil
}

// freeArena returns an arena's memory to the system; nothing may use it afterwards.
func freeArena(a []uint64) {
	if len(a) == 0 {
		return
	}
	_ = syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), len(a)*8))
}
