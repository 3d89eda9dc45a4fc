package dartscpu

import (
	"testing"
	"time"

	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestNoWorkerPoolDeadlock runs twelve independent large matrix products in one graph. With the
// pure-Go backend's parallel op execution ("ops_parallel", its default when one graph runs) this
// hangs: each product waits for workers from the pool its siblings fill (seen here: no result in
// 60 s). darts-cpu runs GEMMs natively and its pure-Go segments sequentially, with each op still
// parallel inside; both the default and the stock-kernels baseline must finish.
func TestNoWorkerPoolDeadlock(t *testing.T) {
	if testing.Short() {
		t.Skip("multiplies twelve 512×512 matrices on the slow baseline")
	}
	for _, config := range []string{"", "stock-kernels"} {
		b, err := New(config)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			x := tensors.FromShape(mustShape(t, 512, 512))
			_, err := ExecOnce(b, func(x *Node) *Node {
				sum := ReduceAllSum(Dot(x, x))
				for i := 1; i < 12; i++ {
					sum = Add(sum, ReduceAllSum(Dot(AddScalar(x, float64(i)), x)))
				}
				return sum
			}, x)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("config %q: %v", config, err)
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("config %q: no result after 2 minutes: the worker pool deadlocked", config)
		}
	}
}
