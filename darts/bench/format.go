package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteTable prints rows as an aligned table (op, stock ms, ours ms, speed-up, GFLOP/s of ours,
// timed runs) followed by the footnotes that apply.
func WriteTable(w io.Writer, rows []OpRow) error {
	cells := [][]string{{"op", "stock ms", "ours ms", "speed-up", "GFLOP/s ours", "runs stock/ours"}}
	var depthwise, skipped, cell bool
	for _, r := range rows {
		name, stock, runsStock := r.Op, formatMs(r.Stock.Median), fmt.Sprint(r.Stock.Runs)
		if r.Depthwise {
			name += " *"
			depthwise = true
		}
		if r.StockSkipped {
			stock, runsStock = "skipped", "-"
			skipped = true
		}
		speedUp, gflops := "-", "-"
		if s := r.SpeedUp(); s > 0 {
			speedUp = fmt.Sprintf("%.1fx", s)
		}
		if g := r.GFLOPS(); g > 0 {
			gflops = fmt.Sprintf("%.1f", g)
		}
		cell = cell || r.Op == "search_cell_step"
		cells = append(cells, []string{name, stock, formatMs(r.Ours.Median), speedUp, gflops,
			runsStock + "/" + fmt.Sprint(r.Ours.Runs)})
	}
	var b strings.Builder
	writeAligned(&b, cells)
	b.WriteString("\nms: median per forward+backward call (gradients w.r.t. input and weights of sum(y·r)), after warm-up.\n")
	b.WriteString("GFLOP/s: convolution multiply-adds x2 of the forward pass and both gradients, at our median; - for ops without convolutions.\n")
	if depthwise {
		b.WriteString("* stock: GoMLX v0.26.0's pure-Go batch-grouped convolution computes wrong depthwise filter gradients;\n" +
			"  it does the same work, so the timing is still meaningful.\n")
	}
	if cell {
		b.WriteString("search_cell_step: forward+backward+SGD update of one search cell (14 mixed edges, 8 primitives);\n" +
			"  its GFLOP/s counts its convolutions only.\n")
	}
	if skipped {
		b.WriteString("skipped: not timed on the stock backend; its cell step takes minutes per call,\n" +
			"  -stock-cell (OpBenchConfig.StockCell) times it.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeAligned pads every column to its widest cell: the first (names) left-aligned, the
// numbers right-aligned so their digits line up.
func writeAligned(b *strings.Builder, cells [][]string) {
	widths := make([]int, len(cells[0]))
	for _, row := range cells {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range cells {
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteString("\n")
	}
}

// formatMs writes a duration in milliseconds with about three significant digits.
func formatMs(d time.Duration) string {
	v := ms(d)
	switch {
	case v < 1:
		return fmt.Sprintf("%.3f", v)
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
