package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// machineMemory is the machine's physical memory in bytes, or 0 where it is not known (then
// nothing is refused). A variable so tests can pretend to be a small machine.
var machineMemory = func() float64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}

// checkMemory refuses a configuration whose estimated memory (a lower estimate: what its largest
// buffers need) exceeds the machine's, before anything is allocated: otherwise Go dies with
// "fatal error: out of memory" and a stack dump, or the machine starts swapping.
func checkMemory(what string, need float64) error {
	total := machineMemory()
	if total <= 0 || need <= total {
		return nil
	}
	return usagef("%s needs about %s of memory, more than this machine's %s: choose smaller sizes", what, byteSize(need), byteSize(total))
}

func byteSize(b float64) string {
	switch {
	case b >= 1<<40:
		return fmt.Sprintf("%.1f TB", b/(1<<40))
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GB", b/(1<<30))
	default:
		return fmt.Sprintf("%.0f MB", b/(1<<20))
	}
}

// Estimates of a step's memory, from the sizes that scale it. The search's constant is measured:
// 650 MB of planned activations at 5 cells, C=8, batch 16 on 32×32 images (README), about 1000
// bytes per image·channel·cell·pixel, and 8.2 GB peak at the paper's size, the same constant; the
// evaluation network has one operation per edge instead of eight (an eighth, rounded down);
// the recurrent models are bounded below by their logits (batch·bptt·vocabulary, three
// copies: values, softmax, gradient) and the cell's states.
func searchMemory(batch, channels, layers, pixels, order int) float64 {
	m := 1000 * float64(batch) * float64(channels) * float64(layers) * float64(pixels)
	if order == 2 {
		m *= 1.25
	}
	return m
}

func evalMemory(batch, channels, layers, pixels int) float64 {
	return 100 * float64(batch) * float64(channels) * float64(layers) * float64(pixels)
}

func rnnMemory(batch, bptt, vocab, hidden int) float64 {
	return 4 * float64(batch) * float64(bptt) * (3*float64(vocab) + 40*float64(hidden))
}

// imageMemory is a raster figure's RGBA pixels, twice (the canvas and the encoder's copy).
func imageMemory(widthInches, heightInches float64, dpi int) float64 {
	return 8 * widthInches * float64(dpi) * heightInches * float64(dpi)
}
