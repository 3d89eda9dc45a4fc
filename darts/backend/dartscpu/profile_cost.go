package dartscpu

import (
	"github.com/gomlx/gomlx/backends"
)

// stepCost is what one run of a step must do at least, for the profile's rates: useful
// floating-point operations (a multiply-add counts 2) and bytes of its inputs read plus outputs
// written once (the compulsory traffic; kernels' own scratch copies, im2col, packing, are not
// counted, so GB/s is a lower bound). Element ops count one per output element of each op in a
// fused group or pure-Go segment: a rough FLOP count of memory-bound work.
type stepCost struct {
	flops, bytes float64
	compute      bool // a convolution or matrix product: compare its FLOP/s with the GEMM peak
}

// setFlops records the useful floating-point operations of a native op (see stepCost).
func setFlops(op backends.Op, flops float64) {
	if v, ok := op.(*value); ok && v != nil {
		v.node.flops = flops
	}
}

// convFlops is the useful floating-point operations of a convolution: 2 per multiply-add of each
// output element with each kernel tap and kernel input channel, less the products with the zeros
// an input dilation inserts (the input gradient of a strided convolution runs as a convolution of
// the dilated output gradient: dividing by the dilation gives the forward's count). A batch-grouped
// convolution (a depthwise filter gradient) contracts the kernel's input channels too.
func convFlops(outSize int, kernelSpatial []int, kernelIn int, inputDilations []int) float64 {
	f := 2 * float64(outSize) * float64(kernelIn)
	for _, k := range kernelSpatial {
		f *= float64(k)
	}
	for _, d := range inputDilations {
		f /= float64(max(d, 1))
	}
	return f
}

// computeCosts fills e.cost from the schedule, before the build state is released.
func (e *executable) computeCosts() {
	e.cost = make([]stepCost, len(e.steps))
	for i, st := range e.steps {
		c := &e.cost[i]
		for _, s := range e.stepIn[i] {
			c.bytes += float64(e.slotShape[s].Memory())
		}
		for _, s := range e.stepOut[i] {
			c.bytes += float64(e.slotShape[s].Memory())
		}
		nodes := st.fusedNodes
		switch {
		case st.native != nil:
			c.flops, c.compute = st.native.flops, st.native.flops > 0
			continue
		case nodes == nil:
			nodes = st.segNodes
		}
		for _, n := range nodes {
			for _, v := range n.outputs {
				c.flops += float64(v.shape.Size())
			}
		}
	}
}
