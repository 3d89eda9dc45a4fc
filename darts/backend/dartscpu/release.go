package dartscpu

import "runtime/debug"

// returnBuildMemory: building and compiling a large graph leaves the Go heap several times the
// size of what stays live (GoMLX's graph, the shadow builder, the schedule's working sets); the
// runtime keeps those pages after collecting them and gives them back to the system only slowly.
// The executable's first run then maps its arena on top, so the process's peak memory is the
// build's garbage plus the arena. Returning the free pages once, right after compiling, makes
// the peak the live heap plus the arena: on a recurrent search step of the moderate benchmark
// size (second order, 83,000 steps) it took the peak from 1.64 to 1.3 GB; it costs one
// collection (a fraction of a second against a compile of many seconds). Small graphs are
// left alone (tests compile thousands of them).
func returnBuildMemory(steps int) {
	if steps >= bigGraphSteps {
		debug.FreeOSMemory()
	}
}

// bigGraphSteps: graphs with at least this many steps return their build memory.
const bigGraphSteps = 5000
