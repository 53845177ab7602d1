package volume

import "strings"

// firstLine is what scripts match on.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
