package formatter

import (
	"bytes"
	"errors"
	"testing"
	"text/tabwriter"
	"time"
)

func TestFormatKinds(t *testing.T) {
	tests := []struct {
		f           Format
		table, json bool
	}{
		{"table", true, false},
		{"table {{.ID}}", true, false},
		{"tablex", true, false},
		{" table", false, false},
		{"TABLE", false, false},
		{"json", false, true},
		{" json", false, false},
		{"json ", false, false},
		{"{{json .}}", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := tt.f.IsTable(); got != tt.table {
			t.Errorf("%q.IsTable() = %v", tt.f, got)
		}
		if got := tt.f.IsJSON(); got != tt.json {
			t.Errorf("%q.IsJSON() = %v", tt.f, got)
		}
	}
}

type row struct{ id, name string }

// Template errors the engine words as docker does, whatever the row.
func TestEngineTemplateErrors(t *testing.T) {
	tests := []struct {
		f    Format
		want string
	}{
		{"{{.Foo", "template parsing error: template: :1: unclosed action"},
		{"table {{.Foo", "template parsing error: template: :1: unclosed action"},
		{"{{.Nope}}", `template parsing error: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type formatter.row`},
		{"{{truncate .ID -1}}", `template parsing error: template: :1:2: executing "" at <truncate .ID -1>: error calling truncate: runtime error: slice bounds out of range [:-1]`},
		{"{{pad .ID -1 2}}", `template parsing error: template: :1:2: executing "" at <pad .ID -1 2>: error calling pad: strings: negative Repeat count`},
		{`{{join .Name ","}}`, `template parsing error: template: :1:7: executing "" at <.Name>: wrong type for value; expected []string; got string`},
		{`{{template "x"}}`, `template parsing error: template: :1:11: executing "" at <{{template "x"}}>: template "x" not defined`},
	}
	for _, tt := range tests {
		out, err := write(t, tt.f, row{"1", "a"})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: got %v\nwant %s", tt.f, err, tt.want)
		}
		if te, ok := err.(*TemplateError); !ok || te.ExitCode() != 1 {
			t.Errorf("%q: error %T is not a *TemplateError with exit code 1", tt.f, err)
		}
		if out != "" {
			t.Errorf("%q: wrote %q despite the error", tt.f, out)
		}
	}
}

// NamedAs renames the row types a template error shows, and keeps its kind.
func TestNamedAs(t *testing.T) {
	_, err := write(t, "{{.Nope}}", row{"1", "a"})
	err = NamedAs(err, "formatter.row", "formatter.imageContext")
	want := `template parsing error: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type formatter.imageContext`
	if te, ok := err.(*TemplateError); !ok || te.Error() != want {
		t.Errorf("got %T %v, want a *TemplateError %s", err, err, want)
	}
	plain := NamedAs(errors.New("in type *system.x"), "*system.x", "*formatter.x")
	if plain.Error() != "in type *formatter.x" || errors.Unwrap(plain) == nil {
		t.Errorf("plain error: %v", plain)
	}
	if NamedAs(nil, "a", "b") != nil {
		t.Error("nil error named")
	}
}

func (r row) ID() string                   { return r.id }
func (r row) Name() string                 { return r.name }
func (r row) Names() []string              { return []string{r.name, "x"} }
func (r row) MarshalJSON() ([]byte, error) { return MarshalMethods(r) }

// write renders rows of row with the header {ID: "ROW ID", Name: "NAME"}.
func write(t *testing.T, f Format, rows ...row) (string, error) {
	t.Helper()
	var b bytes.Buffer
	err := Context{Output: &b, Format: f, Trunc: true}.Write(map[string]string{"ID": "ROW ID", "Name": "NAME"}, func(emit func(any) error) error {
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
	return b.String(), err
}

func TestWriteModes(t *testing.T) {
	rows := []row{{"1", "a"}, {"22", "日本語<&>"}}
	tests := []struct {
		f    Format
		want string
	}{
		// table: header from the same template; no trailing spaces
		{`table {{.ID}}\t{{.Name}}`, "ROW ID    NAME\n1         a\n22        日本語<&>\n"},
		// a CJK cell counts two cells per rune
		{`table {{.Name}}\t{{.ID}}`, "NAME        ROW ID\na           1\n日本語<&>   22\n"},
		// header line: text functions leave labels alone, pad works
		{`table {{lower .ID}}|{{upper .Name}}|{{title .ID}}|{{truncate .ID 1}}|{{pad .ID 1 1}}|{{split .ID "x"}}|{{json .ID}}`, "ROW ID|NAME|ROW ID|ROW ID| ROW ID |ROW ID|ROW ID\n1|A|1|1| 1 |[1]|\"1\"\n22|日本語<&>|22|2| 22 |[22]|\"22\"\n"},
		// a header template that fails keeps what it printed
		{`table {{.ID}} {{json .}} {{.Name}}`, "ROW ID \n1 {\"ID\":\"1\",\"Name\":\"a\",\"Names\":[\"a\",\"x\"]} a\n22 {\"ID\":\"22\",\"Name\":\"日本語\\u003c\\u0026\\u003e\",\"Names\":[\"日本語\\u003c\\u0026\\u003e\",\"x\"]} 日本語<&>\n"},
		// "table" with only spaces: empty header line
		{"table ", "\n\n\n"},
		{"tablex", "x\nx\nx\n"},
		// a tab right after "table" is kept
		{"table\t{{.ID}}", "          ROW ID\n          1\n          22\n"},
		{"json", "{\"ID\":\"1\",\"Name\":\"a\",\"Names\":[\"a\",\"x\"]}\n{\"ID\":\"22\",\"Name\":\"日本語\\u003c\\u0026\\u003e\",\"Names\":[\"日本語\\u003c\\u0026\\u003e\",\"x\"]}\n"},
		// raw templates: spaces trimmed (only spaces), \t and \n unescaped
		{"  {{.ID}}\\t{{.Name}}\\n  ", "1\ta\n\n22\t日本語<&>\n\n"},
		{"\t{{.ID}}\t", "\t1\t\n\t22\t\n"},
		{`{{.ID}}\\t`, "1\\\t\n22\\\t\n"},
		{" json", "json\njson\n"},
		{"", "\n\n"},
		// functions
		{`{{json .Name}}`, "\"a\"\n\"日本語<&>\"\n"},
		{`{{join .Names ", "}}`, "a, x\n日本語<&>, x\n"},
		{`{{println .ID}}`, "1\n\n22\n\n"},
		{`{{pad .ID 2 3}}|{{pad "" 2 3}}|`, "  1   ||\n  22   ||\n"},
		{`{{truncate .Name 4}}`, "a\n日\xe6\n"},
		// as the reference: strings.Title's word rules
		{`{{title "hello-world foo_bar it's éa"}}`, "Hello-World Foo_bar It'S Éa\n" + "Hello-World Foo_bar It'S Éa\n"},
		{`{{len (split "a,b" ",")}}{{index (split "a,b" ",") 1}}`, "2b\n2b\n"},
	}
	for _, tt := range tests {
		got, err := write(t, tt.f, rows...)
		if err != nil {
			t.Errorf("%q: %v", tt.f, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.f, got, tt.want)
		}
	}
}

func TestLabelHeader(t *testing.T) {
	h := labelHeader{}
	for in, want := range map[string]string{
		"com.example": "example", "a.b.c": "c", "Foo Bar": "Foo Bar", "x-y": "x y", "x_y": "x y", "a.": "", "": "", "my-label_x.y-z_w": "y z w",
	} {
		if got := h.Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
	// A plain header map has no Label method: the header line ends there.
	got, err := write(t, `table {{.ID}}|{{.Label "x"}}|`)
	if err != nil || got != "ROW ID|\n" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		`a\tb`: "a\tb", `a\nb`: "a\nb", `a\\tb`: "a\\\tb", `a\x`: `a\x`, `a\`: `a\`, "plain": "plain",
	} {
		if got := unescape(in); got != want {
			t.Errorf("unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrorTexts(t *testing.T) {
	_, err := write(t, "{{.Foo", row{"1", "a"})
	if err == nil || err.Error() != "template parsing error: template: :1: unclosed action" {
		t.Errorf("got %v", err)
	}
	var te *TemplateError
	if !errors.As(err, &te) || te.ExitCode() != 1 {
		t.Errorf("not a TemplateError: %T", err)
	}
	_, err = write(t, "{{.Foo}}", row{"1", "a"})
	if err == nil || err.Error() != `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type formatter.row` {
		t.Errorf("got %v", err)
	}
}

func TestTruncateID(t *testing.T) {
	for in, want := range map[string]string{
		"sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe": "0520ffc24218",
		"0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe":        "0520ffc24218",
		"0520ff":    "0520ff",
		"<missing>": "<missing>",
		"":          "",
	} {
		if got := TruncateID(in); got != want {
			t.Errorf("TruncateID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Millisecond: "Less than a second",
		time.Second:            "1 second",
		30 * time.Second:       "30 seconds",
		70 * time.Second:       "About a minute",
		5 * time.Minute:        "5 minutes",
		time.Hour:              "About an hour",
		2 * time.Hour:          "2 hours",
		3 * 24 * time.Hour:     "3 days",
		20 * 24 * time.Hour:    "2 weeks",
		90 * 24 * time.Hour:    "3 months",
		800 * 24 * time.Hour:   "2 years",
	} {
		if got := HumanDuration(d); got != want {
			t.Errorf("HumanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestHumanSize(t *testing.T) {
	if got := HumanSizeWithPrecision(1984241, 3); got != "1.98MB" {
		t.Errorf("got %q", got)
	}
	if got := HumanSize(1984241); got != "1.984MB" {
		t.Errorf("got %q", got)
	}
	if got := HumanSizeWithPrecision(0, 3); got != "0B" {
		t.Errorf("got %q", got)
	}
}

func TestEllipsis(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"sh -c 'sleep 3600 # a very long'", 20, "sh -c 'sleep 3600 #…"},
		{"echo 123456789012345", 20, "echo 123456789012345"},
		{"echo 1234567890123456", 20, "echo 12345678901234…"},
		{"sh -c 'echo a\tb  very long", 20, "sh -c 'echo a\tb  ve…"},
		{"echo 'héllo wörld 日本語日本語", 20, "echo 'héllo wörld …"},
		{"日本語日本語日本語日本語", 7, "日本語…"},
		{"日本語", 6, "日本語"},
		{"abc", 0, ""},
		{"abc", 1, "a"},
		{"", 5, ""},
		{"4300a1e6eac7575329775757b36bafe61cabda35513c61c480a25a41f1eb1b5e", 15, "4300a1e6eac757…"},
	}
	for _, tt := range tests {
		if got := Ellipsis(tt.in, tt.max); got != tt.want {
			t.Errorf("Ellipsis(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// alignColumns must lay out ASCII text exactly as text/tabwriter does with
// the reference's parameters.
func checkAlignLikeTabwriter(t *testing.T, in string) {
	var want bytes.Buffer
	tw := tabwriter.NewWriter(&want, tableMinWidth, 1, tablePadding, ' ', 0)
	tw.Write([]byte(in))
	tw.Flush()
	var got bytes.Buffer
	if err := alignColumns(&got, []byte(in), tableMinWidth, tablePadding); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("input %q\ngot  %q\nwant %q", in, got.String(), want.String())
	}
}

func TestAlignColumns(t *testing.T) {
	for _, in := range []string{
		"", "\n", "a\tb\n", "a\tb\tc\nlonger cell\tx\n", "a\tb\nno tabs\nc\td\te\n",
		"a\tb\tc\nx\ny\tz\t\n", "CONTAINER ID\tIMAGE\n1\t\n", "a\t\t\tb\n\t\n", "trailing\t", "x\ty",
		"a\tb\n\tc\td\n\t\te\n", "h1\th2\th3\nlong long long long\tx\ty\nz\n",
	} {
		checkAlignLikeTabwriter(t, in)
	}
}

func FuzzAlignColumns(f *testing.F) {
	for _, s := range []string{"a\tb\n", "a\tb\tc\nx\ny\tz\t\n", "h1\th2\th3\nlong long long long\tx\ty\nz\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// text/tabwriter counts runes and treats \v, \f, \r and 0xff
		// specially; compare on the plain ASCII subset.
		for i := 0; i < len(in); i++ {
			if c := in[i]; c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n') {
				return
			}
		}
		checkAlignLikeTabwriter(t, in)
	})
}
