package formatter

import (
	"fmt"
	"io"
)

// PruneReport writes what a prune removed as docker does for every kind: PruneDeleted,
// then PruneTotal.
func PruneReport(w io.Writer, title string, lines []string, reclaimed uint64) {
	PruneDeleted(w, title, lines)
	PruneTotal(w, reclaimed)
}

// PruneDeleted writes the title ("Deleted Containers:") and one line per removed
// object, then a blank line, when anything went; nothing otherwise. docker system prune
// writes one such section per kind, network prune its only one.
func PruneDeleted(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, title)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
}

// PruneTotal writes "Total reclaimed space: <size>", always.
func PruneTotal(w io.Writer, reclaimed uint64) {
	fmt.Fprintln(w, "Total reclaimed space:", HumanSize(float64(reclaimed)))
}
