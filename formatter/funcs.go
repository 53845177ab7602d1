package formatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
)

// templateFuncs returns docker's template functions. Built on each call: no
// package-level maps (start-up time).
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"json":     jsonFunc,
		"split":    strings.Split,
		"join":     strings.Join,
		"title":    titleFunc,
		"lower":    strings.ToLower,
		"upper":    strings.ToUpper,
		"pad":      padFunc,
		"truncate": truncateFunc,
		"println":  fmt.Sprintln,
	}
}

// headerFuncs replaces the text functions for the header line: the column
// labels pass through them unchanged (so "{{upper .Names}}" still heads its
// column with "NAMES"). pad and println keep their meaning.
func headerFuncs() template.FuncMap {
	same := func(v string) string { return v }
	return template.FuncMap{
		"json":     same,
		"split":    func(v string, _ string) string { return v },
		"join":     func(v string, _ string) string { return v },
		"title":    same,
		"lower":    same,
		"upper":    same,
		"truncate": func(v string, _ int) string { return v },
	}
}

// headerTemplate returns a copy of t whose functions are the header ones.
func headerTemplate(t *template.Template) *template.Template {
	h, err := t.Clone()
	if err != nil {
		return t
	}
	return h.Funcs(headerFuncs())
}

// jsonFunc marshals v without HTML escaping and without a trailing newline.
func jsonFunc(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// titleFunc upper-cases the first letter of each word with strings.Title's
// rules, as the reference does ("it's" becomes "It'S").
func titleFunc(s string) string {
	//nolint:staticcheck // the reference's exact word rules
	return strings.Title(s)
}

// padFunc surrounds a non-empty s with prefix and suffix spaces. A negative
// count fails like the reference ("strings: negative Repeat count").
func padFunc(s string, prefix, suffix int) string {
	if s == "" {
		return s
	}
	return strings.Repeat(" ", prefix) + s + strings.Repeat(" ", suffix)
}

// truncateFunc keeps the first n bytes of s (bytes, not runes, as the
// reference does; a negative n fails with a slice-bounds error).
func truncateFunc(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
