package conv

import (
	"fmt"
)

// Params describes one convolution in canonical layout (see the package documentation).
//
// Strides, Padding, InputDilation and KernelDilation may be nil, meaning all ones (no padding
// for Padding); otherwise they must have one entry per spatial dimension. Sizes may be zero
// (the output is then empty or all zeros, as in XLA).
type Params struct {
	Batch          int      // N: input batch.
	InSpatial      []int    // Input spatial dims S_1..S_d, d >= 1.
	InChannels     int      // Cin.
	KernelSpatial  []int    // Kernel spatial dims K_1..K_d.
	OutChannels    int      // Cout.
	Strides        []int    // Per spatial dim, >= 1.
	Padding        [][2]int // Per spatial dim (low, high); negative values crop.
	InputDilation  []int    // Per spatial dim, >= 1 (lhs/base dilation: holes are zero).
	KernelDilation []int    // Per spatial dim, >= 1 (rhs/window dilation, atrous).
	FeatureGroups  int      // >= 1; divides Cin and Cout.
	BatchGroups    int      // >= 1; divides Batch and Cout; FeatureGroups must be 1 when > 1.
}

// Validate reports the first problem found in p, naming the offending field.
func (p *Params) Validate() error {
	d := len(p.InSpatial)
	if d == 0 {
		return fmt.Errorf("conv: InSpatial is empty, need at least one spatial dimension")
	}
	if p.Batch < 0 {
		return fmt.Errorf("conv: Batch=%d, must be >= 0", p.Batch)
	}
	if p.InChannels < 0 {
		return fmt.Errorf("conv: InChannels=%d, must be >= 0", p.InChannels)
	}
	if p.OutChannels < 0 {
		return fmt.Errorf("conv: OutChannels=%d, must be >= 0", p.OutChannels)
	}
	for i, s := range p.InSpatial {
		if s < 0 {
			return fmt.Errorf("conv: InSpatial[%d]=%d, must be >= 0", i, s)
		}
	}
	if len(p.KernelSpatial) != d {
		return fmt.Errorf("conv: KernelSpatial has %d dims, expected %d (len(InSpatial))", len(p.KernelSpatial), d)
	}
	for i, k := range p.KernelSpatial {
		if k < 0 {
			return fmt.Errorf("conv: KernelSpatial[%d]=%d, must be >= 0", i, k)
		}
	}
	if err := checkPositive("Strides", p.Strides, d); err != nil {
		return err
	}
	if err := checkPositive("InputDilation", p.InputDilation, d); err != nil {
		return err
	}
	if err := checkPositive("KernelDilation", p.KernelDilation, d); err != nil {
		return err
	}
	if p.Padding != nil && len(p.Padding) != d {
		return fmt.Errorf("conv: Padding has %d dims, expected %d (len(InSpatial)) or nil", len(p.Padding), d)
	}
	fg, bg := p.FeatureGroups, p.BatchGroups
	if fg < 1 {
		return fmt.Errorf("conv: FeatureGroups=%d, must be >= 1", fg)
	}
	if bg < 1 {
		return fmt.Errorf("conv: BatchGroups=%d, must be >= 1", bg)
	}
	if fg > 1 && bg > 1 {
		return fmt.Errorf("conv: FeatureGroups=%d and BatchGroups=%d, at most one of them may be > 1", fg, bg)
	}
	if p.InChannels%fg != 0 {
		return fmt.Errorf("conv: FeatureGroups=%d does not divide InChannels=%d", fg, p.InChannels)
	}
	if p.OutChannels%fg != 0 {
		return fmt.Errorf("conv: FeatureGroups=%d does not divide OutChannels=%d", fg, p.OutChannels)
	}
	if p.Batch%bg != 0 {
		return fmt.Errorf("conv: BatchGroups=%d does not divide Batch=%d", bg, p.Batch)
	}
	if p.OutChannels%bg != 0 {
		return fmt.Errorf("conv: BatchGroups=%d does not divide OutChannels=%d", bg, p.OutChannels)
	}
	return nil
}

func checkPositive(field string, v []int, d int) error {
	if v == nil {
		return nil
	}
	if len(v) != d {
		return fmt.Errorf("conv: %s has %d dims, expected %d (len(InSpatial)) or nil", field, len(v), d)
	}
	for i, x := range v {
		if x < 1 {
			return fmt.Errorf("conv: %s[%d]=%d, must be >= 1", field, i, x)
		}
	}
	return nil
}

// at returns v[i], or def when v is nil (the "all defaults" convention of Params).
func at(v []int, i, def int) int {
	if v == nil {
		return def
	}
	return v[i]
}

func (p *Params) stride(i int) int         { return at(p.Strides, i, 1) }
func (p *Params) inputDilation(i int) int  { return at(p.InputDilation, i, 1) }
func (p *Params) kernelDilation(i int) int { return at(p.KernelDilation, i, 1) }
func (p *Params) padding(i int) [2]int {
	if p.Padding == nil {
		return [2]int{}
	}
	return p.Padding[i]
}

// dilatedSize is the extent of n elements spread with the given dilation. Zero stays zero
// (XLA's rule), rather than the (n-1)*dilation+1 formula going negative.
func dilatedSize(n, dilation int) int {
	if n == 0 {
		return 0
	}
	return (n-1)*dilation + 1
}

// OutSpatial returns the output spatial dims:
// O_i = floor((dilated input + padding - dilated window) / stride) + 1, or 0 when the window
// does not fit. p must be valid.
func (p *Params) OutSpatial() []int {
	out := make([]int, len(p.InSpatial))
	for i := range out {
		pad := p.padding(i)
		padded := dilatedSize(p.InSpatial[i], p.inputDilation(i)) + pad[0] + pad[1]
		window := dilatedSize(p.KernelSpatial[i], p.kernelDilation(i))
		if padded < window {
			continue // out[i] = 0
		}
		out[i] = (padded-window)/p.stride(i) + 1
	}
	return out
}

// InputSize, KernelSize and OutputSize are the number of elements of each operand.
func (p *Params) InputSize() int { return p.Batch * prod(p.InSpatial) * p.InChannels }

func (p *Params) KernelSize() int {
	cin := p.InChannels
	if p.BatchGroups <= 1 {
		cin /= max(p.FeatureGroups, 1)
	}
	return prod(p.KernelSpatial) * cin * p.OutChannels
}

func (p *Params) OutputSize() int {
	return p.Batch / max(p.BatchGroups, 1) * prod(p.OutSpatial()) * p.OutChannels
}

func prod(v []int) int {
	r := 1
	for _, x := range v {
		r *= x
	}
	return r
}
