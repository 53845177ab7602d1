package formatter

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/moby/moby/api/types/container"
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

func TestDisplayablePorts(t *testing.T) {
	ip4, ip6, lo := netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("::"), netip.MustParseAddr("127.0.0.1")
	p := func(ip netip.Addr, priv, pub uint16, proto string) container.PortSummary {
		return container.PortSummary{IP: ip, PrivatePort: priv, PublicPort: pub, Type: proto}
	}
	var none netip.Addr
	tests := []struct {
		ports []container.PortSummary
		want  string
	}{
		{nil, ""},
		{[]container.PortSummary{p(none, 80, 0, "tcp")}, "80/tcp"},
		// as the reference shows `-p 8080-8081:80-81 -p 9000:9000/udp -p 127.0.0.1:7000:7000 --expose 5000-5003`
		{[]container.PortSummary{
			p(none, 5001, 0, "tcp"), p(none, 5002, 0, "tcp"), p(none, 5003, 0, "tcp"),
			p(lo, 7000, 7000, "tcp"),
			p(ip4, 80, 8080, "tcp"), p(ip6, 80, 8080, "tcp"), p(ip4, 81, 8081, "tcp"), p(ip6, 81, 8081, "tcp"),
			p(ip4, 9000, 9000, "udp"), p(ip6, 9000, 9000, "udp"),
			p(none, 5000, 0, "tcp"),
		}, "5000-5003/tcp, 127.0.0.1:7000->7000/tcp, 0.0.0.0:9000->9000/udp, [::]:9000->9000/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 0.0.0.0:8081->81/tcp, [::]:8081->81/tcp"},
		// `-p 6000-6002:6000-6002 -p 127.0.0.1:6100-6101:6100-6101/udp -p 6200:6300 --expose 7000-7001/udp`
		{[]container.PortSummary{
			p(ip4, 6000, 6000, "tcp"), p(ip6, 6000, 6000, "tcp"), p(ip4, 6001, 6001, "tcp"), p(ip6, 6001, 6001, "tcp"),
			p(ip4, 6002, 6002, "tcp"), p(ip6, 6002, 6002, "tcp"), p(lo, 6100, 6100, "udp"), p(lo, 6101, 6101, "udp"),
			p(ip4, 6300, 6200, "tcp"), p(ip6, 6300, 6200, "tcp"), p(none, 7000, 0, "udp"), p(none, 7001, 0, "udp"),
		}, "0.0.0.0:6000-6002->6000-6002/tcp, [::]:6000-6002->6000-6002/tcp, 127.0.0.1:6100-6101->6100-6101/udp, 7000-7001/udp, 0.0.0.0:6200->6300/tcp, [::]:6200->6300/tcp"},
		// a gap splits a range; the earlier part prints first
		{[]container.PortSummary{p(none, 1, 0, "tcp"), p(none, 2, 0, "tcp"), p(none, 4, 0, "tcp"), p(none, 3, 0, "udp")}, "1-2/tcp, 4/tcp, 3/udp"},
	}
	for _, tt := range tests {
		if got := DisplayablePorts(tt.ports); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

// trimDigest is the IMAGE column's name (ps without --no-trunc): familiar, tag kept,
// digest dropped; not a reference (as the engine never stores one): shown as it is.
func TestTrimDigest(t *testing.T) {
	d := "@sha256:" + strings.Repeat("1", 64)
	for in, want := range map[string]string{
		"bb":                                 "bb",
		"docker.io/library/busybox:1.36" + d: "busybox:1.36",
		"index.docker.io/u/x" + d:            "u/x",
		"library/x:1":                        "x:1",
		"docker.io/library/a/b:2":            "library/a/b:2",
		"localhost:5000/y:3" + d:             "localhost:5000/y:3",
		"Up.example/y:3":                     "Up.example/y:3",
		"x.y__z.io/q:1":                      "x.y__z.io/q:1", // no host: no domain
		"a..b":                               "",
		"bb:":                                "",
	} {
		got, ok := trimDigest(in)
		if got != want || ok != (want != "") {
			t.Errorf("%q: got %q %v, want %q", in, got, ok, want)
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

// FuzzFormat: any --format value, on any resource, never panics; the output
// of a table never has trailing spaces on its last column unless the
// template put them there.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{
		"table", "json", "raw", "{{.ID}}", "table {{.ID}}\\t{{.Names}}", "{{.Foo", "{{json .}}", "{{pad .ID -1 2}}",
		"{{truncate .ID -5}}", `{{join (split .Names "/") ","}}`, `{{.Label "a.b"}}`, "{{range .}}{{end}}", "{{template \"x\"}}",
		"{{define \"x\"}}{{.ID}}{{end}}{{template \"x\" .}}", "{{printf \"%*d\" 10000000 1}}", "table {{title .Image}}",
		"{{index .Names 0}}", "{{slice .ID 1 2}}", "{{call .ID}}", "{{.ID.Foo}}", "{{with $x := 1}}{{$x}}{{end}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, format string) {
		if strings.Contains(format, "%") {
			return // printf widths can ask for huge allocations
		}
		if !utf8.ValidString(format) {
			return
		}
		_, _ = ContainerNeedsSize(format)
		var b bytes.Buffer
		ctx := Context{Output: &b, Format: Format(format), Trunc: true, Now: testNow}
		_ = ContainerWrite(ctx, testContainers(), true)
		_, _ = Parse(format)
	})
}
