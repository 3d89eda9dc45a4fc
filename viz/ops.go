package viz

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot/vg"
)

// OpFamily groups the DARTS operations that a reader should see as alike: in every figure an
// op's colour is its family's hue, and the members of a family differ by shade and dash.
type OpFamily int

// The op families, in the order legends list them.
const (
	FamilyNone       OpFamily = iota // the zero op
	FamilyPooling                    // max_pool_3x3, avg_pool_3x3
	FamilySkip                       // skip_connect, identity (the parameter-free shortcut)
	FamilySepConv                    // sep_conv_3x3/5x5/7x7
	FamilyDilConv                    // dil_conv_3x3/5x5
	FamilyConv                       // other convolutions (conv_7x1_1x7 of NASNet/AmoebaNet)
	FamilyActivation                 // tanh, relu, sigmoid (the recurrent cell's ops)
)

var familyNames = [...]string{"none", "pooling", "skip / identity", "separable conv", "dilated conv", "convolution", "activation"}

func (f OpFamily) String() string {
	if f < 0 || int(f) >= len(familyNames) {
		return fmt.Sprintf("OpFamily(%d)", int(f))
	}
	return familyNames[f]
}

// familyColor is the hue of each family, from the Okabe–Ito palette (so colour-blind readers
// still tell the families apart). Skip connections get vermillion, the most salient colour,
// because their taking over is the failure mode a DARTS reader looks for.
var familyColor = [...]color.RGBA{
	FamilyNone:       {0x99, 0x99, 0x99, 0xFF},
	FamilyPooling:    {0x00, 0x72, 0xB2, 0xFF},
	FamilySkip:       {0xD5, 0x5E, 0x00, 0xFF},
	FamilySepConv:    {0x00, 0x9E, 0x73, 0xFF},
	FamilyDilConv:    {0xCC, 0x79, 0xA7, 0xFF},
	FamilyConv:       {0x56, 0x4A, 0x3A, 0xFF},
	FamilyActivation: {0xE6, 0x9F, 0x00, 0xFF},
}

// OpStyle is how one operation is drawn wherever it appears.
type OpStyle struct {
	Family OpFamily
	Color  color.RGBA  // the family hue; darker for the second member, lighter for the third
	Dashes []vg.Length // nil: solid; the family's second and third members are dashed, dotted
	// Text is the colour of the op's name on white (a cell diagram's edge label): Color darkened,
	// or the family hue darkened for a third member, whose light Color would be faint as text.
	Text color.RGBA
}

// opMember is each op's family and its rank within the family (0 = first member).
var opMember = map[string]struct {
	family OpFamily
	rank   int
}{
	"none":         {FamilyNone, 0},
	"max_pool_3x3": {FamilyPooling, 0},
	"avg_pool_3x3": {FamilyPooling, 1},
	"skip_connect": {FamilySkip, 0},
	"identity":     {FamilySkip, 0},
	"sep_conv_3x3": {FamilySepConv, 0},
	"sep_conv_5x5": {FamilySepConv, 1},
	"sep_conv_7x7": {FamilySepConv, 2},
	"dil_conv_3x3": {FamilyDilConv, 0},
	"dil_conv_5x5": {FamilyDilConv, 1},
	"conv_7x1_1x7": {FamilyConv, 0},
	"tanh":         {FamilyActivation, 0},
	"relu":         {FamilyActivation, 1},
	"sigmoid":      {FamilyActivation, 2},
}

// StyleOf returns the family, colour and dashes of op, or an error naming the known ops.
func StyleOf(op string) (OpStyle, error) {
	m, ok := opMember[op]
	if !ok {
		return OpStyle{}, fmt.Errorf("viz: unknown op %q (known: %s)", op, strings.Join(KnownOps(), ", "))
	}
	st := OpStyle{Family: m.family, Color: shade(familyColor[m.family], m.rank)}
	st.Text = darken(st.Color, 0.8)
	if m.rank == 2 {
		st.Text = darken(familyColor[m.family], 0.8)
	}
	switch m.rank {
	case 1:
		st.Dashes = []vg.Length{5, 2.5}
	case 2:
		st.Dashes = []vg.Length{1.5, 2}
	}
	return st, nil
}

// KnownOps lists the ops StyleOf knows: the CNN and recurrent search spaces and the extra CNN ops.
func KnownOps() []string {
	return []string{"none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
		"sep_conv_7x7", "dil_conv_3x3", "dil_conv_5x5", "conv_7x1_1x7", "tanh", "relu", "sigmoid", "identity"}
}

// FamilyColor is the hue of a family.
func FamilyColor(f OpFamily) color.RGBA { return familyColor[f] }

// shade tells a family's members apart by lightness as well as dash, which survives greyscale
// printing: the first member has the family hue, the second is darkened to 55%, the third
// mixed with 35% white (the old 28% darkening steps left sep_conv_3x3 and 5x5, and the two
// dil_convs, hard to tell apart).
func shade(c color.RGBA, rank int) color.RGBA {
	switch rank {
	case 0:
		return c
	case 1:
		return darken(c, 0.55)
	}
	return tint(c, 0.65)
}

// darken mixes c with black, for text in a family colour that must stay legible on white.
func darken(c color.RGBA, keep float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(float64(v)*keep + 0.5) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), 0xFF}
}

// tint mixes c with white (share of c: keep), for fills behind text.
func tint(c color.RGBA, keep float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(float64(v)*keep + 255*(1-keep) + 0.5) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), 0xFF}
}
