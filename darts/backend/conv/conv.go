package conv

import "fmt"

// Conv computes the convolution described by p, overwriting output.
//
// input is [N, S..., Cin], kernel [K..., Cin/FeatureGroups, Cout] ([K..., Cin, Cout] when
// BatchGroups > 1) and output [N/BatchGroups, O..., Cout], all row-major; O is p.OutSpatial().
// Mathematically, for output batch b, output position o and output channel co:
//
//	output[b, o, co] = Σ_{k, ci} x[b', o*stride + k*kernelDilation, g*CinG + ci] · kernel[k, ci, co]
//
// where x is the input dilated by InputDilation (holes are zero) and padded by Padding (zeros,
// or cropped when negative), g is co's group, CinG the kernel's input channels, and b' = b
// (feature groups) or g*(N/BatchGroups) + b (batch groups).
//
// Conv panics if p is invalid or a slice is shorter than its operand, since those are
// programming errors of the caller (the backend validates shapes when building the graph).
// Slices may be longer than needed; the extra elements are ignored.
func Conv[T float32 | float64](p *Params, input, kernel, output []T) {
	if err := p.Validate(); err != nil {
		panic(err)
	}
	checkLen("input", len(input), p.InputSize())
	checkLen("kernel", len(kernel), p.KernelSize())
	checkLen("output", len(output), p.OutputSize())
	g := cachedGeometry(p)
	output = output[:p.OutputSize()]
	switch {
	case len(output) == 0:
		return
	case g.kerPositions*g.cinK == 0:
		clear(output) // empty sum: nothing to multiply
	case g.isPointwise():
		convPointwise(g, input, kernel, output)
	case g.isOneByOne():
		convOneByOne(g, input, kernel, output)
	case g.isDepthwise():
		if in32, ok := any(input).([]float32); ok && !forceGenericDepthwise &&
			convDepthwiseRows(g, in32, any(kernel).([]float32), any(output).([]float32)) {
			return
		}
		convDepthwise(g, input, kernel, output)
	case g.isDepthwiseFilterGrad():
		convDepthwiseFilterGrad(g, input, kernel, output)
	default:
		convGeneral(g, input, kernel, output)
	}
}

// forceGenericDepthwise makes tests cover the generic depthwise loops on float32 too.
var forceGenericDepthwise bool

func checkLen(name string, got, want int) {
	if got < want {
		panic(fmt.Sprintf("conv: %s has %d elements, Params need %d", name, got, want))
	}
}

// isPointwise: every kernel dim is 1 and the window maps output positions 1:1 onto input
// positions, so the convolution is input [N*S, Cin] times kernel [Cin, Cout], per group.
func (g *geometry) isPointwise() bool {
	if g.bg != 1 {
		return false
	}
	for i := 0; i < g.d; i++ {
		if g.kerSpatial[i] != 1 || g.strides[i] != 1 || g.ldil[i] != 1 || g.pads[i] != [2]int{} {
			return false
		}
	}
	return true
}

// isDepthwise: one input channel per feature group (any channel multiplier).
func (g *geometry) isDepthwise() bool {
	return g.bg == 1 && g.fg > 1 && g.cinK == 1
}

// isDepthwiseFilterGrad: batch grouped with a single output channel per group, the shape of a
// depthwise kernel gradient (dw[0, k, c] = Σ_{o,n} x[c, o*s + k*kd, n] · dy[o, n, c]).
func (g *geometry) isDepthwiseFilterGrad() bool {
	return g.bg > 1 && g.coutG == 1
}
