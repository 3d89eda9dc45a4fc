package conv

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// minParallelFlops is the amount of work below which spawning goroutines costs more than it
// saves (a goroutine start and join is ~1µs; this is ~50µs of scalar arithmetic).
const minParallelFlops = 200_000

// runTasks runs numTasks tasks on up to GOMAXPROCS goroutines. Each goroutine calls worker
// once; worker pulls task indices from next() until it returns -1. Handing tasks out
// dynamically (rather than pre-splitting) keeps both cores busy when the machine is shared and
// one goroutine gets descheduled. flops estimates the total work, to stay serial when small.
func runTasks(numTasks int, flops float64, worker func(next func() int)) {
	if numTasks <= 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), numTasks)
	if flops < minParallelFlops {
		workers = 1
	}
	var counter atomic.Int64
	next := func() int {
		t := int(counter.Add(1)) - 1
		if t >= numTasks {
			return -1
		}
		return t
	}
	if workers <= 1 {
		worker(next)
		return
	}
	var wg sync.WaitGroup
	wg.Add(workers - 1)
	for w := 1; w < workers; w++ {
		go func() {
			defer wg.Done()
			worker(next)
		}()
	}
	worker(next) // the calling goroutine works too
	wg.Wait()
}
