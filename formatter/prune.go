package formatter

import (
	"fmt"
	"io"
)

// PruneReport writes what a prune removed as docker does for every kind: the title
// ("Deleted Containers:") and one line per removed object, then a blank line, when
// anything went; always "Total reclaimed space: <size>".
func PruneReport(w io.Writer, title string, lines []string, reclaimed uint64) {
	if len(lines) > 0 {
		fmt.Fprintln(w, title)
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Total reclaimed space:", HumanSize(float64(reclaimed)))
}
