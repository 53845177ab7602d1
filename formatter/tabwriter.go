package formatter

import (
	"bytes"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// alignColumns lays out tab-separated text the way the reference's tables
// are laid out: elastic tab stops (a column spans consecutive lines that
// have a tab-terminated cell in it), each column as wide as its widest cell
// plus padding and at least minWidth, cells padded with spaces, the last cell
// of a line never padded. Widths are terminal cells (a CJK rune counts two),
// which is where this differs from text/tabwriter.
func alignColumns(w io.Writer, text []byte, minWidth, padding int) error {
	lines := strings.Split(string(text), "\n")
	cells := make([][]string, len(lines))
	for i, l := range lines {
		cells[i] = strings.Split(l, "\t")
	}
	// An unfinished last line ending in a tab has no cell after that tab.
	if last := cells[len(cells)-1]; len(last) > 1 && last[len(last)-1] == "" {
		cells[len(cells)-1] = last[:len(last)-1]
	}
	var out bytes.Buffer
	out.Grow(len(text) + len(text)/2)
	a := aligner{cells: cells, minWidth: minWidth, padding: padding, out: &out}
	a.format(0, len(cells))
	_, err := w.Write(out.Bytes())
	return err
}

type aligner struct {
	cells             [][]string
	widths            []int
	minWidth, padding int
	out               *bytes.Buffer
	next              int // first line not yet written
}

// format lays out lines [from, to) given the widths of the columns to the
// left (a.widths).
func (a *aligner) format(from, to int) {
	col := len(a.widths)
	for i := from; i < to; i++ {
		if col >= len(a.cells[i])-1 {
			continue
		}
		// lines [i, end) all have a terminated cell in column col
		a.writeLines(i)
		width := a.minWidth
		end := i
		for ; end < to && col < len(a.cells[end])-1; end++ {
			if cw := runewidth.StringWidth(a.cells[end][col]) + a.padding; cw > width {
				width = cw
			}
		}
		a.widths = append(a.widths, width)
		a.format(i, end)
		a.widths = a.widths[:len(a.widths)-1]
		i = end - 1
	}
	a.writeLines(to)
}

// writeLines writes the pending lines up to (not including) line to.
func (a *aligner) writeLines(to int) {
	for ; a.next < to; a.next++ {
		line := a.cells[a.next]
		for j, c := range line {
			a.out.WriteString(c)
			if j < len(line)-1 {
				if j < len(a.widths) {
					if pad := a.widths[j] - runewidth.StringWidth(c); pad > 0 {
						a.out.WriteString(strings.Repeat(" ", pad))
					}
				}
			}
		}
		if a.next < len(a.cells)-1 {
			a.out.WriteByte('\n')
		}
	}
}
