// Package formattertest holds what the tests of every noun's columns share: the fixed
// clock and time zone of golden files, the golden comparison, the sweep of a listing
// through every --format mode, and the check that a row's JSON and fast path agree
// with its methods. Tests only: no command imports it.
package formattertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/skiff-cli/skiff/formatter"
)

// Main runs a package's tests with the golden files' settings: -update defined (unless
// gotest.tools already did) and local times printed in UTC, as CREATED AT columns
// print local times.
func Main(m *testing.M) {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
	time.Local = time.UTC
	os.Exit(m.Run())
}

// FixedNow is the clock of every golden test.
func FixedNow() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

// Ago is a Unix time d before FixedNow.
func Ago(d time.Duration) int64 { return FixedNow().Add(-d).Unix() }

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// AssertGolden compares got with testdata/name (rewriting it with -update).
func AssertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

// Listing is one noun's listing to render in every mode.
type Listing struct {
	Name   string // the golden file is testdata/<Name>.golden
	Custom string // a "table TMPL" using most columns
	Raw    string // a raw template using every column
	Format func(source string, quiet bool) formatter.Format
	Write  func(ctx formatter.Context) error
}

// Golden renders l in every mode (the default table, --no-trunc, quiet, raw, json,
// custom templates, the header map) and compares with testdata/<l.Name>.golden.
func Golden(t *testing.T, l Listing) {
	t.Helper()
	var all bytes.Buffer
	cases := []struct {
		name   string
		format formatter.Format
		trunc  bool
	}{
		{"default table", l.Format("", false), true},
		{"table", l.Format("table", false), true},
		{"table --no-trunc", l.Format("table", false), false},
		{"quiet", l.Format("", true), true},
		{"raw", l.Format("raw", false), true},
		{"raw quiet", l.Format("raw", true), true},
		{"custom table", formatter.Format(l.Custom), true},
		{"json", l.Format("json", false), true},
		{"json --no-trunc", l.Format("json", false), false},
		{"template", formatter.Format(l.Raw), true},
		{"template --no-trunc", formatter.Format(l.Raw), false},
		{"json func", formatter.Format("{{json .}}"), true},
		{"table header map", formatter.Format("table {{.}}"), true},
	}
	for _, c := range cases {
		var b bytes.Buffer
		err := l.Write(formatter.Context{Output: &b, Format: c.format, Trunc: c.trunc, Now: FixedNow})
		fmt.Fprintf(&all, "=== %s: %q\n", c.name, c.format)
		if err != nil {
			fmt.Fprintf(&all, "error: %v\n", err)
		}
		if strings.Contains(c.name, "header map") {
			// only the header line: rows print Go struct internals
			line, _, _ := strings.Cut(b.String(), "\n")
			all.WriteString(line + "\n")
			continue
		}
		all.Write(b.Bytes())
	}
	AssertGolden(t, l.Name+".golden", all.Bytes())
}

// RowsMatchMethods checks that each row's JSON is exactly its exported no-argument
// methods, as the reference marshals them, and that its fast path (Field) agrees with
// the methods that return strings.
func RowsMatchMethods(t *testing.T, rows ...any) {
	t.Helper()
	for _, r := range rows {
		want, err := formatter.MarshalMethods(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.(json.Marshaler).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%T:\nMarshalJSON    %s\nMarshalMethods %s", r, got, want)
		}
		var m map[string]any
		if err := json.Unmarshal(want, &m); err != nil {
			t.Fatal(err)
		}
		for name, v := range m {
			s, isString := v.(string)
			got, ok := r.(formatter.FieldRow).Field(name)
			if ok != isString || (ok && got != s) {
				t.Errorf("%T.Field(%q) = %q, %v; method gives %#v", r, name, got, ok, v)
			}
		}
	}
}

// Fuzz feeds any --format value to write, which must never panic; the seeds are the
// values that once broke a listing (printf widths and invalid UTF-8 are left out: they
// only ask for huge allocations).
func Fuzz(f *testing.F, write func(ctx formatter.Context) error) {
	for _, s := range []string{
		"table", "json", "raw", "{{.ID}}", "table {{.ID}}\\t{{.Names}}", "{{.Foo", "{{json .}}", "{{pad .ID -1 2}}",
		"{{truncate .ID -5}}", `{{join (split .Names "/") ","}}`, `{{.Label "a.b"}}`, "{{range .}}{{end}}", "{{template \"x\"}}",
		"{{define \"x\"}}{{.ID}}{{end}}{{template \"x\" .}}", "{{printf \"%*d\" 10000000 1}}", "table {{title .Image}}",
		"{{index .Names 0}}", "{{slice .ID 1 2}}", "{{call .ID}}", "{{.ID.Foo}}", "{{with $x := 1}}{{$x}}{{end}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, format string) {
		if strings.Contains(format, "%") || !utf8.ValidString(format) {
			return
		}
		var b bytes.Buffer
		_ = write(formatter.Context{Output: &b, Format: formatter.Format(format), Trunc: true, Now: FixedNow})
		_, _ = formatter.Parse(format)
	})
}

// RowHeaderSweep checks that every row of the listing has a Header field and a
// FullHeader method that print "<no value>", and that JSON leaves them out.
func RowHeaderSweep(t *testing.T, name string, write func(ctx formatter.Context) error) {
	t.Helper()
	var b bytes.Buffer
	if err := write(formatter.Context{Output: &b, Format: "{{.FullHeader}}|{{.Header}}", Trunc: true}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if line != "<no value>|<no value>" {
			t.Errorf("%s: row %q, want <no value>|<no value>", name, line)
		}
	}
	b.Reset()
	if err := write(formatter.Context{Output: &b, Format: "json", Trunc: true}); err != nil {
		t.Fatalf("%s json: %v", name, err)
	}
	if strings.Contains(b.String(), "Header") {
		t.Errorf("%s json: %s", name, b.String())
	}
}

// TemplateError checks that write fails on format with want, a *formatter.TemplateError
// (exit status 1), and writes nothing.
func TemplateError(t *testing.T, write func(ctx formatter.Context) error, format, want string) {
	t.Helper()
	var b bytes.Buffer
	err := write(formatter.Context{Output: &b, Format: formatter.Format(format), Trunc: true, Now: FixedNow})
	if err == nil {
		t.Fatalf("%q: no error; output %q", format, b.String())
	}
	if err.Error() != want {
		t.Errorf("%q:\ngot  %s\nwant %s", format, err, want)
	}
	var te *formatter.TemplateError
	if !errors.As(err, &te) || te.ExitCode() != 1 {
		t.Errorf("%q: error %T is not a *formatter.TemplateError with exit code 1", format, err)
	}
	if b.Len() != 0 {
		t.Errorf("%q: wrote %q despite the error", format, b.String())
	}
}
