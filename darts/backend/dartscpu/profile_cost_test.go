package dartscpu

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph"
)

// TestProfileCounts: the profile's FLOP and byte counts are exact for convolutions and matrix
// products. A strided 3×3 convolution and its two gradients (the input gradient runs on the
// dilated output gradient, the filter gradient contracts over batch and pixels) each do the
// forward's 2·N·Ho·Wo·Cout·9·Cin; a batched product 2·B·M·N·K; and a native step's bytes are its
// inputs and output.
func TestProfileCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, h, cin, cout = 2, 8, 3, 4
	x, w, r := randomTensor(rng, n, h, h, cin), randomTensor(rng, 3, 3, cin, cout), randomTensor(rng, n, h/2, h/2, cout)
	EnableProfile(true)
	defer EnableProfile(false)
	MustExecOnceN(newTestCPU(t), func(x, w, r *Node) []*Node {
		y := Convolve(x, w).StridePerAxis(2, 2).PadSame().Done()
		return append([]*Node{y}, Gradient(ReduceAllSum(Mul(y, r)), x, w)...) // y too: else the forward is pruned
	}, x, w, r)
	forward := 2.0 * n * (h / 2) * (h / 2) * cout * 9 * cin
	var convs, flops float64
	for _, e := range Profile() {
		if strings.HasPrefix(e.Name, "ConvGeneral") {
			convs += float64(e.Calls)
			flops += e.Flops
			if !e.Compute {
				t.Errorf("%s is not counted as compute", e.Name)
			}
		}
	}
	if convs != 3 || flops != 3*forward {
		t.Errorf("convolutions: %v calls, %v FLOPs; want 3 calls (forward, input and filter gradients) of %v each", convs, flops, forward)
	}

	EnableProfile(true) // cleared
	a, b := randomTensor(rng, 2, 3, 5), randomTensor(rng, 2, 5, 7)
	MustExecOnce(newTestCPU(t), func(a, b *Node) *Node { return Einsum("bmk,bkn->bmn", a, b) }, a, b)
	found := false
	for _, e := range Profile() {
		if e.Name == "DotGeneral" {
			found = true
			if want := 2.0 * 2 * 3 * 7 * 5; e.Flops != want || e.Calls != 1 {
				t.Errorf("DotGeneral: %v FLOPs in %d calls, want %v in 1", e.Flops, e.Calls, want)
			}
			if want := 4.0 * (2*3*5 + 2*5*7 + 2*3*7); e.Bytes != want {
				t.Errorf("DotGeneral: %v bytes, want %v (inputs and output, float32)", e.Bytes, want)
			}
		}
	}
	if !found {
		t.Fatalf("no DotGeneral step ran: %v", Profile())
	}
	var out bytes.Buffer
	WriteProfileAgainst(&out, Peak{GFLOPS: 100, GBPerS: 10, CacheGBPerS: 50})
	for _, want := range []string{"GFLOP/s", "DotGeneral", "% F", "of the GEMM peak 100.0 GFLOP/s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("profile table lacks %q:\n%s", want, out.String())
		}
	}
}
