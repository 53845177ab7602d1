// Package board draws docker's progress boards (service convergence, swarm CA
// rotation): one line per ID, redrawn in place on a terminal.
package board

import (
	"fmt"
	"io"

	"github.com/moby/moby/api/types/jsonstream"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/streams"
)

// Board draws progress messages as docker 28 does. On a terminal each ID has a line
// of its own, redrawn in place (with a bar when the terminal is wider than 110
// columns); elsewhere a line is printed for each message without figures and those
// with figures are left out.
type Board struct {
	w        io.Writer
	terminal bool
	width    int
	// Units names what a bar counts ("nodes"): its figures follow the bar. Without
	// units the bar is drawn alone (a service task's state).
	Units string
	lines map[string]int
	count int
}

// New draws on w: in place when terminal, with bars when width > 110.
func New(w io.Writer, terminal bool, width int) *Board {
	return &Board{w: w, terminal: terminal, width: width, lines: map[string]int{}}
}

// ForOut draws on out as its terminal allows; nothing when quiet.
func ForOut(out *streams.Out, quiet bool) *Board {
	if quiet {
		return New(io.Discard, false, 0)
	}
	_, width := out.GetTtySize()
	return New(out, out.IsTerminal(), int(width))
}

// Show writes one message: id's status, with figures cur out of total when total > 0.
// An empty id is a plain line, never redrawn.
func (b *Board) Show(id, status string, cur, total int) {
	if !b.terminal {
		switch {
		case total > 0:
		case id == "":
			fmt.Fprintf(b.w, "%s\n", status)
		default:
			fmt.Fprintf(b.w, "%s: %s\n", id, status)
		}
		return
	}
	if id == "" {
		fmt.Fprintf(b.w, "%s\n", status)
		return
	}
	text := status + " "
	if total > 0 {
		text += formatter.ProgressBar(&jsonstream.Progress{Current: int64(cur), Total: int64(total), Units: b.Units, HideCounts: b.Units == ""}, b.width)
	}
	line, ok := b.lines[id]
	if !ok {
		fmt.Fprint(b.w, "\n")
		line = b.count
		b.lines[id] = line
		b.count++
	}
	diff := b.count - line
	fmt.Fprintf(b.w, "\x1b[%dA\x1b[2K\r%s: %s\r\x1b[%dB", diff, id, text, diff)
}
