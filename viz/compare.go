package viz

import (
	"github.com/dartsml/godarts/darts/genotype"
)

// CompareGenotypes draws two genotypes side by side, a column each (named nameA and nameB), the
// normal cells above the reduction cells, so the rows compare like with like.
func CompareGenotypes(a, b genotype.Genotype, nameA, nameB string) (Figure, error) {
	var cols []Figure
	for _, g := range []struct {
		g    genotype.Genotype
		name string
	}{{a, nameA}, {b, nameB}} {
		n, err := NormalCell(g.g)
		if err != nil {
			return nil, err
		}
		r, err := ReduceCell(g.g)
		if err != nil {
			return nil, err
		}
		n.Title, r.Title = g.name+": normal cell", g.name+": reduction cell"
		cols = append(cols, Split{Vertical: true, Panels: []Figure{Cell(n), Cell(r)}, Gap: 10, Style: PrintStyle})
	}
	return Split{Panels: cols, Gap: 24, Style: PrintStyle}, nil
}

// CompareRecurrent draws two recurrent cells one above the other.
func CompareRecurrent(a, b genotype.Recurrent, nameA, nameB string) (Figure, error) {
	var rows []Figure
	for _, r := range []struct {
		r    genotype.Recurrent
		name string
	}{{a, nameA}, {b, nameB}} {
		d, err := RecurrentCell(r.r)
		if err != nil {
			return nil, err
		}
		d.Title = r.name + ": recurrent cell"
		rows = append(rows, Cell(d))
	}
	return Split{Vertical: true, Panels: rows, Gap: 10, Style: PrintStyle}, nil
}
