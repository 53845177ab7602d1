package formatter

import (
	"fmt"
	"io"
)

// PruneReport writes what a prune removed as docker does for every kind: the title
// ("Deleted Containers:") and one line per removed object, then a blank line, when
// anything went; always "Total reclaimed space: <size>".
func PruneReport(w io.Writer, title string, lines []string, reclaimed uint64) {
	PruneList(w, title, lines)
	fmt.Fprintln(w, "Total reclaimed space:", HumanSize(float64(reclaimed)))
}

// PruneList writes the title and one line per removed object, then a blank line, when
// anything went; nothing otherwise. It is the whole report of the kinds that free no
// space (networks).
func PruneList(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, title)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
}
