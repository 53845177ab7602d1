package formatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/template"
)

// InspectError is a failure of `inspect` that docker reports after printing what it
// could: the joined messages go to stderr and the command exits with Code.
type InspectError struct {
	Messages []string
	Code     int
}

func (e *InspectError) Error() string { return strings.Join(e.Messages, "\n") }

// ExitCode is the status the command exits with: 64 for a template that does not parse,
// 1 otherwise.
func (e *InspectError) ExitCode() int { return e.Code }

// InspectGetter fetches one object: its typed value (what templates see first) and the
// daemon's raw JSON (printed as is, and the templates' fallback for fields the typed
// value lacks).
type InspectGetter func(ref string) (typed any, raw []byte, err error)

// Inspect writes refs as docker's inspect commands do. With no format, an indented JSON
// array of the raw objects; with "json", the same array on one line; otherwise the
// template once per object. Objects that fail are reported after the others are printed.
func Inspect(out io.Writer, refs []string, format string, get InspectGetter) error {
	var tmpl *template.Template
	if format != "" && format != JSONFormatKey {
		t, err := Parse(format)
		if err != nil {
			return &InspectError{Messages: []string{"template parsing error: " + err.Error()}, Code: 64}
		}
		tmpl = t
	}
	var (
		errs     []string
		elements [][]byte
		printed  int
	)
	for _, ref := range refs {
		typed, raw, err := get(ref)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		// Without the daemon's bytes the object is printed re-encoded from its type, and
		// templates have nothing to fall back on.
		fallback := raw != nil
		if raw == nil {
			if raw, err = json.Marshal(typed); err != nil {
				errs = append(errs, err.Error())
				continue
			}
		}
		if tmpl == nil {
			elements = append(elements, raw)
			continue
		}
		var b bytes.Buffer
		if err := executeInspect(&b, tmpl, typed, raw, fallback); err != nil {
			errs = append(errs, "template parsing error: "+err.Error())
			continue
		}
		b.WriteByte('\n')
		printed++
		if _, err := out.Write(b.Bytes()); err != nil {
			return err
		}
	}
	switch {
	case tmpl != nil:
		if printed == 0 {
			// docker ends a template run that printed nothing with an empty line.
			fmt.Fprintln(out)
		}
	case format == JSONFormatKey:
		writeCompactArray(out, elements)
	default:
		writeIndentedArray(out, elements)
	}
	if len(errs) > 0 {
		return &InspectError{Messages: errs, Code: 1}
	}
	return nil
}

// executeInspect runs tmpl on the typed value and, when that fails and fallback is
// set, on the raw JSON decoded as a map: the daemon may send fields this client's
// types do not have.
func executeInspect(w *bytes.Buffer, tmpl *template.Template, typed any, raw []byte, fallback bool) error {
	if typed != nil {
		err := tmpl.Execute(w, typed)
		if err == nil || !fallback {
			return err
		}
		w.Reset()
	}
	// Numbers stay as the daemon wrote them: decoded as float64, a size of 1984241
	// would print as 1.984241e+06.
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return err
	}
	return tmpl.Option("missingkey=error").Execute(w, m)
}

func writeIndentedArray(out io.Writer, elements [][]byte) {
	if len(elements) == 0 {
		io.WriteString(out, "[]\n")
		return
	}
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, raw := range elements {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("    ")
		if err := json.Indent(&b, bytes.TrimSpace(raw), "    ", "    "); err != nil {
			b.Write(bytes.TrimSpace(raw))
		}
	}
	b.WriteString("\n]\n")
	out.Write(b.Bytes())
}

func writeCompactArray(out io.Writer, elements [][]byte) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, raw := range elements {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := json.Compact(&b, raw); err != nil {
			b.Write(bytes.TrimSpace(raw))
		}
	}
	b.WriteString("]\n")
	out.Write(b.Bytes())
}
