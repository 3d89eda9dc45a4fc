package dartscpu

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestDepthwiseFilterGradient: the depthwise kernel gradient in darts/nn's batch-grouped form
// (x [N, H, W, C] with its channel axis as the batch, v [N, J, J, C] as the kernel, one batch group
// per channel) equals the sum written out, for strides and dilations 1 and 2 and odd sizes, and
// runs as one depthwise-filter-grad step on the operands as they lie (no "+transpose").
func TestDepthwiseFilterGradient(t *testing.T) {
	swapped := backends.ConvolveAxesConfig{
		InputBatch: 3, InputSpatial: []int{1, 2}, InputChannels: 0,
		KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
		OutputBatch: 0, OutputSpatial: []int{1, 2}, OutputChannels: 3,
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tc := range []struct{ n, h, c, j, stride, dil, padLo, padHi int }{
		{3, 9, 5, 9, 1, 1, 1, 1},    // 3×3 forward, stride 1: conv stride 1, kernel dilation 1
		{2, 9, 12, 5, 2, 1, 1, 0},   // stride-2 forward: kernel dilation 2 (trimmed padding after)
		{2, 11, 37, 11, 1, 2, 2, 2}, // dilated forward: conv stride 2
		{4, 7, 3, 3, 2, 2, 2, 1},
	} {
		x, v := randomTensor(rng, tc.n, tc.h, tc.h, tc.c), randomTensor(rng, tc.n, tc.j, tc.j, tc.c)
		EnableProfile(true)
		got := MustExecOnce(newTestCPU(t), func(x, v *Node) *Node {
			return ConvGeneral(x, v, swapped, []int{tc.dil, tc.dil}, [][2]int{{tc.padLo, tc.padHi}, {tc.padLo, tc.padHi}},
				[]int{1, 1}, []int{tc.stride, tc.stride}, 1, tc.c)
		}, x, v)
		profile := Profile()
		EnableProfile(false)
		// out[q1, q2, c] = Σ_{n, j1, j2} x[n, q1·dil + j1·stride − padLo, q2·dil + j2·stride − padLo, c]·v[n, j1, j2, c]
		q := got.Shape().Dimensions[1]
		xs, vs := tensors.MustCopyFlatData[float32](x), tensors.MustCopyFlatData[float32](v)
		want := make([]float64, q*q*tc.c)
		for n := 0; n < tc.n; n++ {
			for q1 := 0; q1 < q; q1++ {
				for q2 := 0; q2 < q; q2++ {
					for j1 := 0; j1 < tc.j; j1++ {
						for j2 := 0; j2 < tc.j; j2++ {
							iy, ix := q1*tc.dil+j1*tc.stride-tc.padLo, q2*tc.dil+j2*tc.stride-tc.padLo
							if iy < 0 || iy >= tc.h || ix < 0 || ix >= tc.h {
								continue
							}
							for c := 0; c < tc.c; c++ {
								want[(q1*q+q2)*tc.c+c] += float64(xs[((n*tc.h+iy)*tc.h+ix)*tc.c+c]) *
									float64(vs[((n*tc.j+j1)*tc.j+j2)*tc.c+c])
							}
						}
					}
				}
			}
		}
		for i, g := range tensors.MustCopyFlatData[float32](got) {
			if math.Abs(float64(g)-want[i]) > 1e-4*(1+math.Abs(want[i])) {
				t.Fatalf("case %+v: dW[%d] = %g, want %g", tc, i, g, want[i])
			}
		}
		var names []string
		ran := false
		for _, e := range profile {
			names = append(names, e.Name)
			ran = ran || e.Name == "ConvGeneral/depthwise-filter-grad"
		}
		if !ran {
			t.Errorf("case %+v: not run as one depthwise-filter-grad step on NHWC operands: %s", tc, strings.Join(names, ", "))
		}
	}
}

// TestStridedPointwiseFilterGradient: the weight gradient of a strided 1×1 convolution
// (FactorizedReduce's, also on an input cropped by one row and column, and with a padding whose
// taps read zeros) equals the sum written out; the unpadded ones run as one gathered
// pointwise-filter-grad step.
func TestStridedPointwiseFilterGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct {
		size, stride, pad int
		gathered          bool
	}{{8, 2, 0, true}, {7, 2, 0, true}, {9, 3, 0, true}, {8, 2, 1, false}} {
		out := (tc.size+2*tc.pad-1)/tc.stride + 1
		x, w, r := randomTensor(rng, 3, tc.size, tc.size, 6), randomTensor(rng, 1, 1, 6, 5), randomTensor(rng, 3, out, out, 5)
		EnableProfile(true)
		// The kernel-gradient form of darts/nn (conv_backward.go) and GoMLX: r as the kernel, taps s apart.
		unread := (tc.size + 2*tc.pad - 1) % tc.stride
		pads := [2]int{tc.pad, tc.pad - unread} // cropping the rows the forward never read
		swapped := backends.ConvolveAxesConfig{
			InputBatch: 3, InputSpatial: []int{1, 2}, InputChannels: 0,
			KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
			OutputBatch: 2, OutputSpatial: []int{0, 1}, OutputChannels: 3,
		}
		got := MustExecOnce(newTestCPU(t), func(x, w, r *Node) *Node {
			return ConvGeneral(x, r, swapped, []int{1, 1}, [][2]int{pads, pads}, []int{1, 1}, []int{tc.stride, tc.stride}, 1, 1)
		}, x, w, r)
		if !got.Shape().Equal(w.Shape()) {
			t.Fatalf("case %+v: gradient shape %s, want %s", tc, got.Shape(), w.Shape())
		}
		profile := Profile()
		EnableProfile(false)
		xs, rs := tensors.MustCopyFlatData[float32](x), tensors.MustCopyFlatData[float32](r)
		want := make([]float64, 6*5)
		for n := 0; n < 3; n++ {
			for oy := 0; oy < out; oy++ {
				for ox := 0; ox < out; ox++ {
					iy, ix := oy*tc.stride-tc.pad, ox*tc.stride-tc.pad
					if iy < 0 || ix < 0 || iy >= tc.size || ix >= tc.size {
						continue
					}
					for c := 0; c < 6; c++ {
						for co := 0; co < 5; co++ {
							want[c*5+co] += float64(xs[((n*tc.size+iy)*tc.size+ix)*6+c]) * float64(rs[((n*out+oy)*out+ox)*5+co])
						}
					}
				}
			}
		}
		for i, g := range tensors.MustCopyFlatData[float32](got) {
			if math.Abs(float64(g)-want[i]) > 1e-4*(1+math.Abs(want[i])) {
				t.Fatalf("case %+v: dW[%d] = %g, want %g", tc, i, g, want[i])
			}
		}
		ran := false
		for _, e := range profile {
			ran = ran || e.Name == "ConvGeneral/pointwise-filter-grad+gather"
		}
		if ran != tc.gathered {
			t.Errorf("case %+v: ran as a gathered pointwise-filter-grad step: %v, want %v", tc, ran, tc.gathered)
		}
	}
}

// TestPatchFilterGradient: the kernel gradient of an ungrouped convolution as GoMLX's autodiff
// writes it for an NHWC stem (x [N, H, W, C] with its channel axis as the batch, v [N, J, J, Co]
// as the kernel, output [Q, Q, C, Co]) equals the sum written out, for strides and dilations 1
// and 2, and runs as one patch-filter-grad step on the operands as they lie.
func TestPatchFilterGradient(t *testing.T) {
	swapped := backends.ConvolveAxesConfig{
		InputBatch: 3, InputSpatial: []int{1, 2}, InputChannels: 0,
		KernelSpatial: []int{1, 2}, KernelInputChannels: 0, KernelOutputChannels: 3,
		OutputBatch: 2, OutputSpatial: []int{0, 1}, OutputChannels: 3,
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct{ n, h, c, co, j, stride, dil, padLo, padHi int }{
		{4, 9, 3, 20, 9, 1, 1, 1, 1},  // the CIFAR stem: 3×3, stride 1, padding 1
		{2, 9, 3, 7, 5, 2, 1, 1, 0},   // stride-2 forward: kernel dilation 2 (trimmed padding after)
		{2, 11, 2, 5, 11, 1, 2, 2, 2}, // dilated forward: conv stride 2
		{3, 7, 5, 9, 3, 2, 2, 2, 1},
	} {
		x, v := randomTensor(rng, tc.n, tc.h, tc.h, tc.c), randomTensor(rng, tc.n, tc.j, tc.j, tc.co)
		EnableProfile(true)
		got := MustExecOnce(newTestCPU(t), func(x, v *Node) *Node {
			return ConvGeneral(x, v, swapped, []int{tc.dil, tc.dil}, [][2]int{{tc.padLo, tc.padHi}, {tc.padLo, tc.padHi}},
				[]int{1, 1}, []int{tc.stride, tc.stride}, 1, 1)
		}, x, v)
		profile := Profile()
		EnableProfile(false)
		// out[q1, q2, c, co] = Σ_{n, j1, j2} x[n, q1·dil + j1·stride − padLo, q2·dil + j2·stride − padLo, c]·v[n, j1, j2, co]
		q := got.Shape().Dimensions[0]
		xs, vs := tensors.MustCopyFlatData[float32](x), tensors.MustCopyFlatData[float32](v)
		want := make([]float64, q*q*tc.c*tc.co)
		for n := 0; n < tc.n; n++ {
			for q1 := 0; q1 < q; q1++ {
				for q2 := 0; q2 < q; q2++ {
					for j1 := 0; j1 < tc.j; j1++ {
						for j2 := 0; j2 < tc.j; j2++ {
							iy, ix := q1*tc.dil+j1*tc.stride-tc.padLo, q2*tc.dil+j2*tc.stride-tc.padLo
							if iy < 0 || iy >= tc.h || ix < 0 || ix >= tc.h {
								continue
							}
							for c := 0; c < tc.c; c++ {
								for co := 0; co < tc.co; co++ {
									want[((q1*q+q2)*tc.c+c)*tc.co+co] += float64(xs[((n*tc.h+iy)*tc.h+ix)*tc.c+c]) *
										float64(vs[((n*tc.j+j1)*tc.j+j2)*tc.co+co])
								}
							}
						}
					}
				}
			}
		}
		for i, g := range tensors.MustCopyFlatData[float32](got) {
			if math.Abs(float64(g)-want[i]) > 1e-4*(1+math.Abs(want[i])) {
				t.Fatalf("case %+v: dW[%d] = %g, want %g", tc, i, g, want[i])
			}
		}
		var names []string
		ran := false
		for _, e := range profile {
			names = append(names, e.Name)
			ran = ran || e.Name == "ConvGeneral/patch-filter-grad"
		}
		if !ran {
			t.Errorf("case %+v: not run as one patch-filter-grad step on NHWC operands: %s", tc, strings.Join(names, ", "))
		}
	}
}
