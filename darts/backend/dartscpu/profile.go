package dartscpu

import (
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"
)

// Profiling of executions: time spent per native op kind and in pure-Go segments. Off by default;
// EnableProfile or DARTS_CPU_PROFILE=1 turns it on.
var profile = struct {
	sync.Mutex
	enabled bool
	entries map[string]*ProfileEntry
}{enabled: os.Getenv("DARTS_CPU_PROFILE") == "1", entries: map[string]*ProfileEntry{}}

// ProfileEntry is the accumulated time and work of one kind of step.
type ProfileEntry struct {
	Name  string
	Calls int
	Ops   int // ops executed (1 per native call; the segment's size for segments)
	Total time.Duration
	// Flops are the useful floating-point operations done (convolutions and matrix products:
	// 2 per multiply-add; fused groups and segments: one per output element of each op), Bytes
	// the inputs read plus outputs written once per call (a lower bound on memory traffic).
	Flops, Bytes float64
	Compute      bool // convolutions and matrix products: compare with the GEMM peak, not the copy bandwidth
}

// EnableProfile turns execution profiling on or off (and clears it).
func EnableProfile(on bool) {
	profile.Lock()
	defer profile.Unlock()
	profile.enabled = on
	profile.entries = map[string]*ProfileEntry{}
}

func profiling() bool {
	profile.Lock()
	defer profile.Unlock()
	return profile.enabled
}

func record(name string, ops int, d time.Duration, c stepCost) {
	profile.Lock()
	defer profile.Unlock()
	e := profile.entries[name]
	if e == nil {
		e = &ProfileEntry{Name: name}
		profile.entries[name] = e
	}
	e.Calls++
	e.Ops += ops
	e.Total += d
	e.Flops += c.flops
	e.Bytes += c.bytes
	e.Compute = e.Compute || c.compute
}

// Profile returns the accumulated entries, most time first.
func Profile() []ProfileEntry {
	profile.Lock()
	defer profile.Unlock()
	var out []ProfileEntry
	for _, e := range profile.entries {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Total > out[j].Total })
	return out
}

// WriteProfile prints the profile as a table (see WriteProfileAgainst).
func WriteProfile(w io.Writer) { WriteProfileAgainst(w, Peak{}) }

// WriteProfileAgainst prints the profile as a table: per kind of step its calls, ops, time and
// share, the rates it achieved (GFLOP/s, GB/s) and, where peak is known, how close it ran to the
// machine's limit: convolutions and matrix products against the GEMM peak, everything else
// against the copy bandwidth. A last line sums the time by those two classes.
func WriteProfileAgainst(w io.Writer, peak Peak) {
	entries := Profile()
	var total, compute time.Duration
	for _, e := range entries {
		total += e.Total
		if e.Compute {
			compute += e.Total
		}
	}
	fmt.Fprintf(w, "%-44s %7s %8s %11s %6s %8s %7s %8s\n", "step kind", "calls", "ops", "total", "share", "GFLOP/s", "GB/s", "of peak")
	for _, e := range entries {
		sec := e.Total.Seconds()
		gflops, gbs := e.Flops/max(sec, 1e-9)/1e9, e.Bytes/max(sec, 1e-9)/1e9
		of := "-"
		switch {
		case e.Compute && peak.GFLOPS > 0:
			of = fmt.Sprintf("%.0f%% F", 100*gflops/peak.GFLOPS)
		case !e.Compute && peak.GBPerS > 0:
			of = fmt.Sprintf("%.0f%% B", 100*gbs/peak.GBPerS)
		}
		fmt.Fprintf(w, "%-44s %7d %8d %11s %5.1f%% %8.1f %7.1f %8s\n", e.Name, e.Calls, e.Ops, e.Total.Round(time.Millisecond),
			100*float64(e.Total)/float64(max(total, 1)), gflops, gbs, of)
	}
	fmt.Fprintf(w, "# convolutions and matrix products %.1f%% of the time, the rest (memory-bound) %.1f%%",
		100*float64(compute)/float64(max(total, 1)), 100*float64(total-compute)/float64(max(total, 1)))
	if peak.GFLOPS > 0 {
		fmt.Fprintf(w, "; %% F: of the GEMM peak %.1f GFLOP/s, %% B: of the memory copy bandwidth %.1f GB/s (over 100 %%: the data stayed in the caches, whose copy rate is %.1f GB/s)",
			peak.GFLOPS, peak.GBPerS, peak.CacheGBPerS)
	}
	fmt.Fprintln(w)
}

var segmentOpCounts = struct {
	sync.Mutex
	m map[string]int
}{m: map[string]int{}}

func countSegmentOp(n *node) {
	segmentOpCounts.Lock()
	defer segmentOpCounts.Unlock()
	key := n.name
	if len(n.outputs) > 0 {
		key = fmt.Sprintf("%s %v", n.name, n.outputs[0].shape.Size() > 1000)
	}
	segmentOpCounts.m[key]++
}

// WriteSegmentOpCounts prints how many ops of each kind were compiled into pure-Go segments
// (while profiling), split by whether their output has more than 1000 elements.
func WriteSegmentOpCounts(w io.Writer) {
	segmentOpCounts.Lock()
	defer segmentOpCounts.Unlock()
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range segmentOpCounts.m {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
	for _, e := range all {
		fmt.Fprintf(w, "%-30s %d\n", e.k, e.v)
	}
}
