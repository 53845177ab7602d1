package formatter

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
)

// docker 28's container inspect has ImageManifestDescriptor: engines before API 1.48 do
// not send it, and a template naming it prints <nil> (not "map has no entry").
func TestSweepReadonlyContainerInspectManifestDescriptor(t *testing.T) {
	raw := []byte(`{"Id":"abc","Name":"/x","State":{"Status":"created"},"Config":{},"HostConfig":{},"NetworkSettings":{}}`)
	get := func(string) (any, []byte, error) {
		v, err := ContainerInspectValue(raw)
		return v, raw, err
	}
	var b bytes.Buffer
	if err := Inspect(&b, []string{"x"}, "{{.ImageManifestDescriptor}}|{{json .ImageManifestDescriptor}}", get); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "<nil>|null\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// the engine's JSON without it is printed as is
	b.Reset()
	if err := Inspect(&b, []string{"x"}, "json", get); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "["+string(raw)+"]\n"; got != want {
		t.Errorf("json: got %q, want %q", got, want)
	}
}

// Every row of docker's listings has a Header field and a FullHeader method that
// print "<no value>"; JSON leaves them out.
func TestSweepReadonlyRowHeader(t *testing.T) {
	writers := map[string]func(ctx Context) error{
		"ps": func(ctx Context) error {
			return ContainerWrite(ctx, []container.Summary{{ID: "abc", Names: []string{"/x"}}}, false)
		},
	}
	for name, write := range writers {
		var b bytes.Buffer
		if err := write(Context{Output: &b, Format: "{{.FullHeader}}|{{.Header}}", Trunc: true}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if line != "<no value>|<no value>" {
				t.Errorf("%s: row %q, want <no value>|<no value>", name, line)
			}
		}
		b.Reset()
		if err := write(Context{Output: &b, Format: "json", Trunc: true}); err != nil {
			t.Fatalf("%s json: %v", name, err)
		}
		if strings.Contains(b.String(), "Header") {
			t.Errorf("%s json: %s", name, b.String())
		}
	}
}

// Ellipsis measures as docker does: wide and fullwidth runes count two, every other
// rune one, even those a terminal shows with no width (tab, newline, control,
// combining, zero-width), whatever the locale says of ambiguous ones. The cases are
// docker 28's ps COMMAND column (quoted) for these commands, --no-trunc and not.
func TestSweepReadonlyEllipsisWidths(t *testing.T) {
	t.Setenv("RUNEWIDTH_EASTASIAN", "1")
	t.Setenv("LC_ALL", "zh_CN.UTF-8")
	for _, tc := range []struct{ full, cut string }{
		{`"sh -c 'echo \"a\tb\nc\" \\\\ \x01 é'"`, `"sh -c 'echo \"a\tb\nc\"…"`},
		{`"sh -c 'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301 x'"`, `"sh -c 'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301…"`},
		{`"sh -c a\u200bb\u200bc\u200bd\u200be\u200bf\u200bg\u200bh\u200bi\u200bj\u200b"`, `"sh -c a\u200bb\u200bc\u200bd\u200be\u200bf\u200bg…"`},
		{`"sh -c '😀😀😀😀😀😀😀😀😀😀😀😀 ±±±±±±±±±±±±±±±±±±±±±'"`, `"sh -c '😀😀😀😀😀😀…"`},
		{`"sh -c 'echo ±±±±±±±±±±±±±±±±±±±±±±± ⚡⚡⚡ ☺☺☺'"`, `"sh -c 'echo ±±±±±±±…"`},
		{`"sh -c 'echo ｆｕｌｌｗｉｄｔｈ ＡＢＣ ｶﾀｶﾅ'"`, `"sh -c 'echo ｆｕｌ…"`},
		{`"sh -c '\x01\x02\x03\x04\x05\x06\a\b\v\f\x0e\x0f\x10 é'"`, `"sh -c '\x01\x02\x03\x04\x05\x06\a\b\v\f\x0e\x0f…"`},
		{`"sh -c 'echo ünïcödé ünïcödé ünïcödé and a long long long command with \"quotes\" and \\t tabs'"`, `"sh -c 'echo ünïcödé…"`},
	} {
		full, err := strconv.Unquote(tc.full)
		if err != nil {
			t.Fatalf("%s: %v", tc.full, err)
		}
		cut, err := strconv.Unquote(tc.cut)
		if err != nil {
			t.Fatalf("%s: %v", tc.cut, err)
		}
		if got := Ellipsis(full, 20); got != cut {
			t.Errorf("Ellipsis(%s, 20) = %q, want %s", tc.full, got, tc.cut)
		}
	}
}
