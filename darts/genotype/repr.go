package genotype

import (
	"fmt"
	"strconv"
	"strings"
)

// String writes g as the Python repr the literature uses, with list concats as in the reference's
// genotypes.py, so it can be pasted into Python code or a paper and read back by Parse:
//
//	Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])
func (g Genotype) String() string {
	var b strings.Builder
	b.WriteString("Genotype(normal=")
	writeEdgeList(&b, g.Normal)
	b.WriteString(", normal_concat=")
	writeIntList(&b, g.NormalConcat)
	b.WriteString(", reduce=")
	writeEdgeList(&b, g.Reduce)
	b.WriteString(", reduce_concat=")
	writeIntList(&b, g.ReduceConcat)
	b.WriteByte(')')
	return b.String()
}

// String writes r as the Python repr of the reference's rnn/genotypes.py:
//
//	Genotype(recurrent=[('sigmoid', 0), ...], concat=range(1, 9))
//
// A concat that is an ascending run is written as range(start, stop) like the reference does;
// any other concat is written as a list.
func (r Recurrent) String() string {
	var b strings.Builder
	b.WriteString("Genotype(recurrent=")
	writeEdgeList(&b, r.Edges)
	b.WriteString(", concat=")
	if start, stop, ok := asRange(r.Concat); ok {
		fmt.Fprintf(&b, "range(%d, %d)", start, stop)
	} else {
		writeIntList(&b, r.Concat)
	}
	b.WriteByte(')')
	return b.String()
}

func writeEdgeList(b *strings.Builder, edges []Edge) {
	b.WriteByte('[')
	for i, e := range edges {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.repr())
	}
	b.WriteByte(']')
}

func writeIntList(b *strings.Builder, values []int) {
	b.WriteByte('[')
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(v))
	}
	b.WriteByte(']')
}

// quotePy quotes s the way Python's repr does: single quotes unless s contains a single quote
// and no double quote, escaping backslashes, the chosen quote and control characters. Valid op
// names never need escapes; this only keeps String readable (and re-parsable) for invalid ones.
func quotePy(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\\' || r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}
