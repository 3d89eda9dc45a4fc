package viz

import (
	"fmt"
	"image/color"
	"strings"
)

// DOT writes cell diagrams as one graphviz digraph, for people who lay cells out with dot
// (`dot -Tpdf cell.dot -o cell.pdf`): left to right, nodes coloured as in the paper's figures
// (and as Cell draws them), each op edge labelled and coloured and dashed by its op's family.
// One diagram is the whole graph; several become clusters side by side (normal and reduction
// cell, or the cells of a comparison), their titles as cluster labels.
func DOT(diagrams ...*CellDiagram) string {
	var b strings.Builder
	b.WriteString("digraph cells {\n")
	b.WriteString("  rankdir=LR;\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=14, penwidth=1.2, color=\"#333333\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=11, penwidth=1.4, arrowsize=0.7];\n")
	for k, d := range diagrams {
		indent := "  "
		prefix := ""
		if len(diagrams) > 1 {
			prefix = fmt.Sprintf("g%d_", k)
			fmt.Fprintf(&b, "  subgraph cluster_%d {\n    label=%q;\n    color=\"#BBBBBB\";\n", k, d.Title)
			indent = "    "
		} else {
			fmt.Fprintf(&b, "  label=%q;\n  labelloc=t;\n", d.Title)
		}
		for i, n := range d.Nodes {
			fmt.Fprintf(&b, "%s%sn%d [label=<%s>, fillcolor=%q];\n", indent, prefix, i, dotLabel(n.Label), hexColor(nodeFill[n.Kind]))
		}
		for _, e := range d.Edges {
			attrs := []string{fmt.Sprintf("color=%q", hexColor(e.Style.Color))}
			if e.Op != "" {
				attrs = append(attrs, fmt.Sprintf("label=%q", e.Op), fmt.Sprintf("fontcolor=%q", hexColor(e.Style.Text)))
			}
			if len(e.Style.Dashes) > 0 { // a family's second member dashed, its third dotted
				style := "dashed"
				if opMember[e.Op].rank == 2 {
					style = "dotted"
				}
				attrs = append(attrs, "style="+style)
			}
			fmt.Fprintf(&b, "%s%sn%d -> %sn%d [%s];\n", indent, prefix, e.From, prefix, e.To, strings.Join(attrs, ", "))
		}
		if len(diagrams) > 1 {
			b.WriteString("  }\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// dotLabel turns "c_{k-1}" into graphviz's HTML-like label c<SUB>k−1</SUB>.
func dotLabel(s string) string {
	var b strings.Builder
	for _, r := range runs(s) {
		t := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(r.text)
		if r.sub {
			b.WriteString("<SUB>" + t + "</SUB>")
		} else {
			b.WriteString(t)
		}
	}
	return b.String()
}

func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

// Diagrams returns the cell diagrams a figure draws (a Cell, or Splits of them such as
// CompareGenotypes'), in drawing order: what DOT needs to write a figure for graphviz.
func Diagrams(f Figure) []*CellDiagram {
	switch v := f.(type) {
	case CellFigure:
		if v.Diagram != nil {
			return []*CellDiagram{v.Diagram}
		}
	case *CellFigure:
		if v != nil && v.Diagram != nil {
			return []*CellDiagram{v.Diagram}
		}
	case Split:
		var out []*CellDiagram
		for _, p := range v.Panels {
			if !isNil(p) {
				out = append(out, Diagrams(p)...)
			}
		}
		return out
	}
	return nil
}
