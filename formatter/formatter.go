// Package formatter renders docker-style output for the --format flag:
// the "table" layout, "table TEMPLATE", "json" and raw Go templates, with
// docker's template functions and headers. It is the engine: each noun's
// columns (its rows, headers and default formats) live in the noun's own
// package, in formatter.go (commands/container, commands/image, ...).
//
// The package never writes to os.Stdout: everything goes to Context.Output.
// Nothing is compiled at package initialisation; templates are parsed when a
// command asks for output.
//
// # Errors and exit codes
//
// Errors returned by Context.Write carry the reference client's exact first
// stderr line in Error(). The reference exits with status 1 for all of them
// (they are plain errors, not status errors):
//
//   - a template that does not parse:
//     "template parsing error: template: :1: unclosed action"
//   - a template that fails on a row:
//     `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.imageContext`
//
// The type a row error names is the row's Go type: a noun whose rows docker
// keeps in another package than ours names them as docker does with NamedAs.
package formatter

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
)

// Format keys understood by every resource.
const (
	TableFormatKey = "table"
	JSONFormatKey  = "json"
	// RawFormatKey selects the "key: value" listing that ps, images, network
	// ls and volume ls accept as --format raw.
	RawFormatKey = "raw"

	// JSONFormat is the template that --format json stands for.
	JSONFormat = "{{json .}}"
)

// Table layout of the reference client: columns at least 10 cells wide,
// 3 cells between columns.
const (
	tableMinWidth = 10
	tablePadding  = 3
)

// Format is the value of --format once the command has applied its default
// (use the per-resource helpers such as ContainerFormat for that).
type Format string

// IsTable reports whether the format is "table" or "table TEMPLATE". Like the
// reference, only a literal "table" prefix counts (" table" is a raw template).
func (f Format) IsTable() bool { return strings.HasPrefix(string(f), TableFormatKey) }

// IsJSON reports whether the format is exactly "json".
func (f Format) IsJSON() bool { return string(f) == JSONFormatKey }

// Contains reports whether the format text contains sub (used by commands to
// probe whether a column is requested).
func (f Format) Contains(sub string) bool { return strings.Contains(string(f), sub) }

// Context holds what every formatted listing needs.
type Context struct {
	// Output receives the rendered text. Nothing is written when Write fails.
	Output io.Writer
	// Format is the --format value after defaults ("table", "table TMPL",
	// "json" or a raw template).
	Format Format
	// Trunc shortens IDs, commands and the like (false with --no-trunc).
	Trunc bool
	// Now is the clock used for relative times ("5 minutes ago"). Nil means
	// time.Now; tests set it.
	Now func() time.Time
}

// Clock is the time rows are measured against: Now(), or time.Now when Now is nil.
func (c Context) Clock() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// TemplateText turns the format into the text handed to text/template: the
// "table" prefix is dropped, "json" becomes JSONFormat, surrounding spaces
// are trimmed and the two-character sequences `\t` and `\n` become a tab and
// a newline.
func (c Context) TemplateText() string {
	s := string(c.Format)
	switch {
	case c.Format.IsTable():
		s = s[len(TableFormatKey):]
	case c.Format.IsJSON():
		s = JSONFormat
	}
	s = strings.Trim(s, " ")
	return unescape(s)
}

// unescape replaces the literal two-character sequences `\t` and `\n`, left to
// right, the way the reference does (so `\\t` becomes a backslash and a tab).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 't':
				b.WriteByte('\t')
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// TemplateError is returned when the user's template does not parse or fails
// while rendering a row. Error() is the reference client's stderr line; the
// command should exit with status 1.
type TemplateError struct {
	// Prefix is "template parsing error", "failed to parse template" or
	// "failed to execute template".
	Prefix string
	Err    error
	// names rewrites, in old/new pairs, the Go type names text/template reports
	// so the message names the reference's types (see NamedAs).
	names []string
}

func (e *TemplateError) Error() string {
	return renameTypes(e.Prefix+": "+e.Err.Error(), e.names)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// ExitCode is the status the reference exits with for template errors.
func (e *TemplateError) ExitCode() int { return 1 }

// NamedAs returns err with the Go type names its text shows rewritten, in old/new
// pairs ("*image.imageContext", "*formatter.imageContext"): docker keeps some nouns'
// rows in a package named otherwise than ours, and its template errors name them
// there. A *TemplateError stays one; nil stays nil.
func NamedAs(err error, oldnew ...string) error {
	if err == nil {
		return nil
	}
	var te *TemplateError
	if errors.As(err, &te) && te == err {
		c := *te
		c.names = append(slices.Clip(te.names), oldnew...)
		return &c
	}
	return &namedError{err: err, names: oldnew}
}

// namedError is an error of another kind than TemplateError named as docker's.
type namedError struct {
	err   error
	names []string
}

func (e *namedError) Error() string { return renameTypes(e.err.Error(), e.names) }
func (e *namedError) Unwrap() error { return e.err }

func renameTypes(msg string, oldnew []string) string {
	if len(oldnew) == 0 {
		return msg
	}
	return strings.NewReplacer(oldnew...).Replace(msg)
}

// Write renders rows with the context's format and writes the result to
// c.Output in one go (nothing is written if any row fails).
//
// header maps a template field ("ID") to its column label ("CONTAINER ID");
// in table mode the header line is produced by running the same template over
// that map (with the text functions reduced to no-ops, as the reference does).
// rows calls emit once per row with a value whose exported methods the
// template calls. A row should implement json.Marshaler with MarshalMethods
// (so "json" and "{{json .}}" print its columns, as the reference does) and
// may implement Field(name) (string, bool) to skip reflection for plain
// {{.Field}} templates.
func (c Context) Write(header map[string]string, rows func(emit func(row any) error) error) error {
	return c.write(header, rows)
}

// WriteWithLabelHeader is Write for rows that have a Label(name) method: in
// the header line, {{.Label "com.example.some-key"}} renders "some key".
func (c Context) WriteWithLabelHeader(header map[string]string, rows func(emit func(row any) error) error) error {
	return c.write(labelHeader(header), rows)
}

// write renders rows; header is the value the header line's template runs
// over (a map[string]string or a labelHeader).
func (c Context) write(header any, rows func(emit func(row any) error) error) error {
	text := c.TemplateText()
	tmpl, err := Parse(text)
	if err != nil {
		return &TemplateError{Prefix: "template parsing error", Err: err}
	}

	var out bytes.Buffer
	table := c.Format.IsTable()
	if table {
		// The reference ignores failures of the header template and keeps
		// whatever was rendered before the failure.
		_ = headerTemplate(tmpl).Execute(&out, header)
		out.WriteByte('\n')
	}
	segs, simple := simpleSegments(tmpl)
	jsonRows := c.Format.IsJSON()
	var rb bytes.Buffer
	emit := func(row any) error {
		rb.Reset()
		if jsonRows {
			if m, ok := row.(json.Marshaler); ok {
				b, err := m.MarshalJSON()
				if err != nil {
					return err
				}
				out.Write(b)
				out.WriteByte('\n')
				return nil
			}
		}
		if simple && writeSimple(&rb, segs, row) {
			rb.WriteByte('\n')
			out.Write(rb.Bytes())
			return nil
		}
		rb.Reset()
		if err := tmpl.Execute(&rb, row); err != nil {
			return &TemplateError{Prefix: "template parsing error", Err: err}
		}
		rb.WriteByte('\n')
		out.Write(rb.Bytes())
		return nil
	}
	if rows != nil {
		if err := rows(emit); err != nil {
			return err
		}
	}
	if c.Output == nil {
		return nil
	}
	if table {
		return alignColumns(c.Output, out.Bytes(), tableMinWidth, tablePadding)
	}
	_, err = c.Output.Write(out.Bytes())
	return err
}

// FieldRow is implemented by row contexts that can render a column by name
// without reflection; ok is false for names they do not serve as strings.
type FieldRow interface {
	Field(name string) (value string, ok bool)
}

// segment is a piece of a simple template: literal text or a {{.Field}}.
type segment struct {
	text  string
	field string
}

// simpleSegments reports whether t is only literal text and plain
// {{.Field}} actions (the default tables and most user formats), and splits
// it into segments.
func simpleSegments(t *template.Template) ([]segment, bool) {
	if t.Tree == nil || t.Tree.Root == nil || len(t.Templates()) > 1 {
		return nil, false
	}
	segs := make([]segment, 0, len(t.Tree.Root.Nodes))
	for _, n := range t.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			segs = append(segs, segment{text: string(n.Text)})
		case *parse.ActionNode:
			p := n.Pipe
			if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
				return nil, false
			}
			f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
			if !ok || len(f.Ident) != 1 {
				return nil, false
			}
			segs = append(segs, segment{field: f.Ident[0]})
		default:
			return nil, false
		}
	}
	return segs, true
}

// writeSimple renders segs for row without text/template; false means the
// row cannot (the caller then runs the template, which also words errors).
func writeSimple(b *bytes.Buffer, segs []segment, row any) bool {
	fr, ok := row.(FieldRow)
	if !ok {
		return false
	}
	for _, s := range segs {
		if s.field == "" {
			b.WriteString(s.text)
			continue
		}
		v, ok := fr.Field(s.field)
		if !ok {
			return false
		}
		b.WriteString(v)
	}
	return true
}

// labelHeader is the header line's value for rows that have a Label method.
// Printing it (for "{{.}}") shows the same map text as a plain map.
type labelHeader map[string]string

// Label renders the header of a {{.Label "com.example.some-key"}} column: the
// last dot-separated part, with '-' and '_' shown as spaces.
func (h labelHeader) Label(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return strings.NewReplacer("-", " ", "_", " ").Replace(name)
}

// Parse compiles tmpl with docker's template functions (json, join, lower,
// upper, title, split, pad, truncate, println). The text is used as is: the
// caller strips "table" and unescapes `\t` beforehand if needed.
func Parse(tmpl string) (*template.Template, error) {
	return template.New("").Funcs(templateFuncs()).Parse(tmpl)
}
