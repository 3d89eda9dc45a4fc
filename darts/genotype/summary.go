package genotype

import (
	"strconv"
	"strings"
)

// shortOpNames abbreviates operation names so a whole genotype fits on one log line.
var shortOpNames = map[string]string{
	"max_pool_3x3": "max3",
	"avg_pool_3x3": "avg3",
	"skip_connect": "skip",
	"sep_conv_3x3": "sep3",
	"sep_conv_5x5": "sep5",
	"sep_conv_7x7": "sep7",
	"dil_conv_3x3": "dil3",
	"dil_conv_5x5": "dil5",
	"conv_7x1_1x7": "conv7x1_1x7",
	"sigmoid":      "sigm",
	"identity":     "id",
}

func shortOp(name string) string {
	if s, ok := shortOpNames[name]; ok {
		return s
	}
	return name
}

// Summary is a compact one-line form for logs, nodes separated by "|", e.g.
//
//	normal: sep3(0) sep3(1) | sep3(0) sep3(1) | sep3(1) skip(0) | skip(0) dil3(2) concat 2..5; reduce: ...
func (g Genotype) Summary() string {
	var b strings.Builder
	b.WriteString("normal: ")
	writeCellSummary(&b, g.Normal, 2, g.NormalConcat)
	b.WriteString("; reduce: ")
	writeCellSummary(&b, g.Reduce, 2, g.ReduceConcat)
	return b.String()
}

// Summary is a compact one-line form for logs, e.g.
//
//	recurrent: sigm(0) relu(1) relu(1) id(1) tanh(2) sigm(5) tanh(3) relu(5) concat 1..8
func (r Recurrent) Summary() string {
	var b strings.Builder
	b.WriteString("recurrent: ")
	writeCellSummary(&b, r.Edges, 1, r.Concat)
	return b.String()
}

func writeCellSummary(b *strings.Builder, edges []Edge, edgesPerNode int, concat []int) {
	for i, e := range edges {
		if i > 0 {
			if edgesPerNode > 1 && i%edgesPerNode == 0 {
				b.WriteString(" | ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(shortOp(e.Op))
		b.WriteByte('(')
		b.WriteString(strconv.Itoa(e.From))
		b.WriteByte(')')
	}
	b.WriteString(" concat ")
	b.WriteString(concatSummary(concat))
}

// concatSummary writes an ascending run as "a..b" and anything else as a list.
func concatSummary(concat []int) string {
	if start, stop, ok := asRange(concat); ok && len(concat) > 1 {
		return strconv.Itoa(start) + ".." + strconv.Itoa(stop-1)
	}
	parts := make([]string, len(concat))
	for i, c := range concat {
		parts[i] = strconv.Itoa(c)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// asRange reports whether concat is exactly range(start, stop) with step 1 and at least one element.
func asRange(concat []int) (start, stop int, ok bool) {
	if len(concat) == 0 {
		return 0, 0, false
	}
	for i, c := range concat {
		if c != concat[0]+i {
			return 0, 0, false
		}
	}
	return concat[0], concat[0] + len(concat), true
}
