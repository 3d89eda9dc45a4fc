// Package genotype holds discrete DARTS architectures ("genotypes"): the CNN cell pair and the
// recurrent cell that a search ends with, how they are derived from the architecture weights α,
// and how they are written and read.
//
// A CNN Genotype describes a normal and a reduction cell. States 0 and 1 are the cell's two inputs
// (the outputs of the two previous cells) and node i is state i+2; node i has exactly two incoming
// edges, Normal[2i] and Normal[2i+1], each an operation applied to an earlier state. The cell's
// output concatenates the states listed in NormalConcat (ReduceConcat for the reduction cell).
//
// A Recurrent genotype describes the RNN cell: state 0 is the highway-mixed input, node i is state
// i+1 with one edge Edges[i], and the output is the mean of the states listed in Concat.
//
// DeriveCNN and DeriveRecurrent follow the reference implementation's genotype() methods: softmax
// in float32, the same ranking and the same tie-breaking; they reproduce every case of the
// reference's derive_cases.json. (exp is correctly rounded here, while PyTorch's vectorised exp
// may differ in the last bit, so a near-tie within one float32 ulp could in principle still split
// differently.)
//
// Genotypes travel as JSON (MarshalJSON/UnmarshalJSON) and as the Python repr the literature
// prints, e.g.
//
//	Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])
//
// String writes that form. Parse (CNN) and ParseRecurrent read it back, and also JSON and the
// built-in names (Lookup: DARTS_V1, DARTS_V2 alias DARTS, NASNet, AmoebaNet; LookupRecurrent:
// DARTS alias DARTS_V2, DARTS_V1, ENAS); Load and LoadRecurrent read files. The repr reader is a
// small hand-written tokenizer and parser, lenient about what people paste (quote styles,
// range(...), comments, trailing commas, keyword order) and precise about what is wrong: a
// *SyntaxError carries the byte offset and what was expected there.
//
// Everything that is read is validated (Validate): unknown operations, edges from states that do
// not exist yet, concat entries outside the cell or repeated, and CNN edge lists of odd length
// are *InvalidError values naming the offending op, edge or index, located in the text when the
// genotype came from a repr.
package genotype
