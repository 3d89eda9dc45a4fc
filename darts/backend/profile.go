package backend

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

// ProfileEntry is the accumulated time of one kind of step.
type ProfileEntry struct {
	Name  string
	Calls int
	Ops   int // ops executed (1 per native call; the segment's size for segments)
	Total time.Duration
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

func record(name string, ops int, d time.Duration) {
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

// WriteProfile prints the profile as a table.
func WriteProfile(w io.Writer) {
	entries := Profile()
	var total time.Duration
	for _, e := range entries {
		total += e.Total
	}
	fmt.Fprintf(w, "%-28s %8s %9s %12s %6s\n", "step kind", "calls", "ops", "total", "share")
	for _, e := range entries {
		fmt.Fprintf(w, "%-28s %8d %9d %12s %5.1f%%\n", e.Name, e.Calls, e.Ops, e.Total.Round(time.Microsecond),
			100*float64(e.Total)/float64(max(total, 1)))
	}
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
