package container

import (
	"net/url"
	"sort"
	"strings"
)

// parseQuery decodes a query string and returns it sorted by key, unescaped.
func parseQuery(q string) (string, error) {
	vals, err := url.ParseQuery(q)
	if err != nil {
		return "", err
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range vals[k] {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, "&"), nil
}

// firstLine is what scripts match on.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
