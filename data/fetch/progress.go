package fetch

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// A TransferDisplay draws a transfer's progress itself (a notebook's HTML bar,
// viz.ProgressWriter): a Getter whose Progress writer implements it hands it each state, at most
// five times a second and once at the end, instead of writing lines. Messages other than the
// transfer's (what is downloaded and where) are still written to the writer as text.
type TransferDisplay interface {
	// ShowTransfer is one state: the transfer's line without a bar ("label 12.0 MiB / 162.6 MiB
	// (7%)  3.1 MiB/s  ETA 48s"), the bytes done and the file's size (-1 if unknown).
	ShowTransfer(line string, done, total int64)
}

// DefaultProgress is where a Getter with no Progress reports (nil: os.Stderr). A notebook sets
// it once (run.Settings.Progress) so that the downloads its loaders start on first use show an
// HTML bar; the loaders themselves take no writer.
var DefaultProgress io.Writer

// defaultProgress is DefaultProgress, else os.Stderr.
func defaultProgress() io.Writer {
	if DefaultProgress != nil {
		return DefaultProgress
	}
	return os.Stderr
}

// progress reports a transfer: on a terminal, one line redrawn in place ("\r") at most five
// times a second with a bar, the size, the speed and the ETA; to a TransferDisplay, the same
// states to draw; elsewhere (logs, CI) a plain line every 10 % of the file (every 10 MiB when the
// size is unknown).
type progress struct {
	w           io.Writer
	display     TransferDisplay
	tty         bool
	label       string
	start, n    int64 // bytes already there before this transfer; bytes of this transfer
	total       int64 // whole file, -1 if unknown
	t0, last    time.Time
	lastStep    int64
	drawnOnLine bool
}

func newProgress(w io.Writer, label string, start, total int64) *progress {
	p := &progress{w: w, tty: isTerminal(w), label: label, start: start, total: total, t0: time.Now()}
	p.display, _ = w.(TransferDisplay)
	if start > 0 {
		fmt.Fprintf(w, "%s: resuming at %s\n", label, size(start))
	}
	return p
}

// isTerminal reports whether w is a character device (a terminal), without x/term.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	now := time.Now()
	if p.display != nil {
		if now.Sub(p.last) >= 200*time.Millisecond {
			p.last = now
			p.display.ShowTransfer(p.line(now), p.start+p.n, p.total)
		}
		return len(b), nil
	}
	if p.tty {
		if now.Sub(p.last) >= 200*time.Millisecond {
			p.last = now
			fmt.Fprintf(p.w, "\r%s", p.line(now))
			p.drawnOnLine = true
		}
		return len(b), nil
	}
	stepSize := int64(10 << 20)
	if p.total > 0 {
		stepSize = max(p.total/10, 1)
	}
	done := p.start + p.n
	if step := done / stepSize; step > p.lastStep && (p.total <= 0 || done < p.total) { // finish reports the end
		p.lastStep = step
		fmt.Fprintln(p.w, p.line(now))
	}
	return len(b), nil
}

// line is "label [=====>    ] 12.0 MiB / 162.6 MiB  3.1 MiB/s  ETA 48s".
func (p *progress) line(now time.Time) string {
	done := p.start + p.n
	var b strings.Builder
	b.WriteString(p.label)
	if p.total > 0 {
		const width = 24
		fill := int(done * width / p.total)
		if p.tty {
			b.WriteString(" [" + strings.Repeat("=", fill))
			if fill < width {
				b.WriteString(">" + strings.Repeat(" ", width-fill-1))
			}
			b.WriteString("]")
		}
		fmt.Fprintf(&b, " %s / %s (%d%%)", size(done), size(p.total), done*100/p.total)
	} else {
		fmt.Fprintf(&b, " %s", size(done))
	}
	if secs := now.Sub(p.t0).Seconds(); secs > 0 && p.n > 0 {
		rate := float64(p.n) / secs
		fmt.Fprintf(&b, "  %s/s", size(int64(rate)))
		if p.total > 0 {
			eta := time.Duration(float64(p.total-done) / rate * float64(time.Second))
			fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
		}
	}
	return b.String()
}

// finish ends the report: the final size and time, on its own line.
func (p *progress) finish(ok bool) {
	if p.display != nil {
		p.display.ShowTransfer(p.line(time.Now()), p.start+p.n, p.total)
	}
	if p.drawnOnLine {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", 100)+"\r")
	}
	if ok {
		fmt.Fprintf(p.w, "%s: %s in %s\n", p.label, size(p.start+p.n), time.Since(p.t0).Round(100*time.Millisecond))
	}
}

// size is a byte count for people: 812 B, 4.5 KiB, 162.6 MiB.
func size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
}
