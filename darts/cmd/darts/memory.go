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

// Estimates of a step's peak memory (the process's peak resident set, VmHWM, which bench,
// bench-rnn and bench-train print as peak_rss_mb), from the sizes that scale it.
//
// The search's constant is measured: 650 MB of planned activations at 5 cells, C=8, batch 16 on
// 32×32 images (README), about 1000 bytes per image·channel·cell·pixel, and 8.2 GB peak at the
// paper's size, the same constant. With PC-DARTS's partial channels (K > 1) the ops see C/K
// channels: measured 1,104 MB at batch 64, K=4 against 960 MB for DARTS at batch 16 (5 cells,
// C=8; docker/cpu-bench.sh, README), so an image costs about 1.25/K of DARTS's; the paper's
// PC-DARTS search (batch 256) comes to about 10 GB, as its one 11 GB GPU.
func searchMemory(batch, channels, layers, pixels, order, partial int) float64 {
	m := 1000 * float64(batch) * float64(channels) * float64(layers) * float64(pixels)
	if order == 2 {
		m *= 1.25
	}
	if partial > 1 {
		m *= 1.25 / float64(partial)
	}
	return m
}

// evalMemory is an evaluation network's training step (CIFAR-10, or ImageNet with pixels those
// of its cells after the stems): 42 MB (runtime, compiled graphs) plus 174 bytes per
// image·channel·cell·pixel, fitted by least squares to darts-cpu's peak RSS of
// `darts bench-train -net cifar -steps 1 -warmup 0` with
//
//	-batch 8 -channels 8 -layers 5 -auxiliary=false     97 MB (fit 96)
//	-batch 16 -channels 8 -layers 5 -auxiliary=false   146 MB (fit 151)
//	-batch 8 -channels 16 -layers 8 -auxiliary=false   222 MB (fit 216)
//	-batch 16 -channels 16 -layers 8                   389 MB (fit 390)
//
// (TestMemoryEstimatesFitMeasurements). The paper's CIFAR-10 step comes to 11.5 GB.
func evalMemory(batch, channels, layers, pixels int) float64 {
	return 42<<20 + 174*float64(batch)*float64(channels)*float64(layers)*float64(pixels)
}

// rnnTrainMemory is a recurrent evaluation model's training step (b sequences of t steps, a
// vocabulary of v words, h units): 57 MB plus 75 bytes per t·h² (each time step's weight
// gradients before they are summed), 838 per h² (the weights and their copies), 41 per v·h (the
// embedding), 42 per b·t·v (the logits) and 171 per b·t·h (the cell's states), fitted by least
// squares to the peak RSS of `darts bench-train -net rnn -steps 1 -warmup 0` at ten sizes
// (-batch/-bptt/-vocab/-hidden: 8/10/1000/64 72 MB, 16/10/1000/64 73, 8/10/4000/64 85,
// 8/10/8000/64 111, 8/10/1000/128 92, 8/10/1000/256 170, 16/10/1000/256 180, 8/20/1000/256 226,
// 8/10/1000/384 304, 32/10/4000/128 160; the fit is within 3 MB of each). The paper's PTB
// training step (64, 35, 10,000, 850) comes to 3.9 GB.
func rnnTrainMemory(b, t, v, h int) float64 {
	B, T, V, H := float64(b), float64(t), float64(v), float64(h)
	return 57<<20 + 75*T*H*H + 838*H*H + 41*V*H + 42*B*T*V + 171*B*T*H
}

// rnnSearchMemory is a recurrent search step (training and architecture steps): 107 MB plus 97
// bytes per t·h², 49 per b·t·v and 3190 per b·t·h (the eight mixed operations' states), fitted to
// the peak RSS of `darts bench-rnn -steps 1 -warmup 0` at six small sizes (8/10/1000/64 139 MB,
// 32/10/1000/64 185, 8/10/4000/64 146, 8/10/1000/256 209, 8/20/1000/256 366, 32/10/4000/128 287)
// and the paper's (256/35/10000/300: 12.5 GB first order, README); the small sizes alone predict
// 11.1 GB for the paper's. The second order's 14.6 GB at the paper's size makes it 1.17 times.
func rnnSearchMemory(b, t, v, h, order int) float64 {
	B, T, V, H := float64(b), float64(t), float64(v), float64(h)
	m := 107<<20 + 97*T*H*H + 49*B*T*V + 3190*B*T*H
	if order == 2 {
		m *= 1.17
	}
	return m
}

// imageMemory is a raster figure's RGBA pixels, twice (the canvas and the encoder's copy).
func imageMemory(widthInches, heightInches float64, dpi int) float64 {
	return 8 * widthInches * float64(dpi) * heightInches * float64(dpi)
}
