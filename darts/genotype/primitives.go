package genotype

import (
	"slices"
	"strings"
)

// OpNone is the "zero" operation. Derivation never picks it: it competes in the softmax but a
// discrete edge that carries nothing would just be a missing edge.
const OpNone = "none"

// CNNPrimitives is the CNN search space in the reference's order; column k of a CNN α matrix is
// the logit of CNNPrimitives[k].
var CNNPrimitives = []string{
	"none",
	"max_pool_3x3",
	"avg_pool_3x3",
	"skip_connect",
	"sep_conv_3x3",
	"sep_conv_5x5",
	"dil_conv_3x3",
	"dil_conv_5x5",
}

// RNNPrimitives is the recurrent search space in the reference's order; column k of a recurrent
// α matrix is the logit of RNNPrimitives[k].
var RNNPrimitives = []string{
	"none",
	"tanh",
	"relu",
	"sigmoid",
	"identity",
}

// CNNExtraOps are operations of the reference's op table that are not searched but appear in
// cells from other papers (NASNet, AmoebaNet), so genotypes may use them.
var CNNExtraOps = []string{
	"sep_conv_7x7",
	"conv_7x1_1x7",
}

// CNNOps lists every operation name valid in a CNN genotype: the searched primitives followed by
// CNNExtraOps. "none" is included because the reference builds it (a zero op) when a genotype
// names it.
func CNNOps() []string {
	return slices.Concat(CNNPrimitives, CNNExtraOps)
}

// RNNOps lists every operation name valid in a recurrent genotype. "none" is excluded: the
// reference's recurrent cell has no activation for it and refuses such a genotype.
func RNNOps() []string {
	return slices.Clone(RNNPrimitives[1:])
}

func isCNNOp(name string) bool {
	return slices.Contains(CNNPrimitives, name) || slices.Contains(CNNExtraOps, name)
}

func isRNNOp(name string) bool {
	return name != OpNone && slices.Contains(RNNPrimitives, name)
}

// opList formats valid op names for error messages.
func opList(ops []string) string {
	return strings.Join(ops, ", ")
}
