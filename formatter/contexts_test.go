package formatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

const (
	id1 = "e81a45a172aca81be47aa6b214a35d9b264d4ffdeed586dca4a8351bb1f6401d"
	id2 = "74f1439cfa74ad4f5c03785b622563e49cc41b00ae600e76f0061be83454bcf7"
	id3 = "b3e635e6260745df6b04a48f0cb9d4bc48f6fc183b12c65a976774413300d3cc"
	img = "sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe"
)

func ago(d time.Duration) int64 { return fixedNow.Add(-d).Unix() }

func testContainers() []container.Summary {
	ip4 := netip.MustParseAddr("0.0.0.0")
	ip6 := netip.MustParseAddr("::")
	lo := netip.MustParseAddr("127.0.0.1")
	return []container.Summary{
		{
			ID: id1, Names: []string{"/web", "/other/alias"}, Image: "bb:latest", ImageID: img,
			Command: "sh -c 'sleep 3600 # a very long command line'", Created: ago(5 * time.Minute),
			Ports: []container.PortSummary{
				{PrivatePort: 5001, Type: "tcp"}, {PrivatePort: 5000, Type: "tcp"},
				{IP: lo, PrivatePort: 7000, PublicPort: 7000, Type: "tcp"},
				{IP: ip4, PrivatePort: 80, PublicPort: 8080, Type: "tcp"},
				{IP: ip6, PrivatePort: 80, PublicPort: 8080, Type: "tcp"},
				{IP: ip4, PrivatePort: 9000, PublicPort: 9000, Type: "udp"},
				{IP: ip4, PrivatePort: 9001, PublicPort: 9001, Type: "udp"},
			},
			SizeRw: 12345, SizeRootFs: 1984241,
			Labels: map[string]string{"name": "bar", "com.example": "foo <&>"},
			State:  "running", Status: "Up 5 minutes",
			NetworkSettings: &container.NetworkSettingsSummary{Networks: map[string]*network.EndpointSettings{"zeta": {}, "alpha": {}}},
			Mounts: []container.MountPoint{
				{Type: "volume", Name: "4300a1e6eac7575329775757b36bafe61cabda35513c61c480a25a41f1eb1b5e", Driver: "local"},
				{Type: "bind", Source: "/tmp"},
			},
		},
		{
			ID: id2, Names: []string{"/cjk"}, Image: "sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe", ImageID: img,
			Command: "echo 'héllo wörld 日本語日本語日本語日本語'", Created: ago(30 * time.Hour),
			State: "created", Status: "Created",
			ImageManifestDescriptor: &ocispec.Descriptor{Platform: &ocispec.Platform{OS: "linux", Architecture: "amd64"}},
		},
		{
			ID: id3, Names: []string{"/exited"}, Image: "docker.io/library/busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ImageID: img,
			Command: "echo a\"b\tc\\d", Created: ago(90 * time.Second),
			State: "exited", Status: "Exited (3) About a minute ago",
		},
	}
}

// modes every context is rendered in.
type mode struct {
	name   string
	format func(quiet bool) Format
	trunc  bool
}

type resource struct {
	name   string
	custom string // a "table TMPL" using most columns
	raw    string // a raw template using every column
	format func(source string, quiet bool) Format
	write  func(ctx Context) error
}

func resources() []resource {
	return []resource{
		{
			name:   "containers",
			custom: `table {{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Label "com.example"}}\t{{.Ports}}\t{{.Size}}`,
			raw:    `{{.ID}}|{{.Image}}|{{.Command}}|{{.CreatedAt}}|{{.RunningFor}}|{{.Ports}}|{{.State}}|{{.Status}}|{{.Size}}|{{.Names}}|{{.Labels}}|{{.Label "name"}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.Platform}}`,
			format: func(s string, q bool) Format { return ContainerFormat(s, q, false) },
			write: func(ctx Context) error {
				return ContainerWrite(ctx, testContainers(), false)
			},
		},
		{
			name:   "containers-size",
			custom: `table {{.Names}}\t{{.Size}}`,
			raw:    `{{.Names}} {{.Size}}`,
			format: func(s string, q bool) Format { return ContainerFormat(s, q, true) },
			write: func(ctx Context) error {
				return ContainerWrite(ctx, testContainers(), true)
			},
		},
	}
}

// TestContextsGolden renders every resource in every mode and compares with
// testdata/<resource>.golden.
func TestContextsGolden(t *testing.T) {
	for _, r := range resources() {
		t.Run(r.name, func(t *testing.T) {
			var all bytes.Buffer
			cases := []struct {
				name   string
				format Format
				trunc  bool
			}{
				{"default table", r.format("", false), true},
				{"table", r.format("table", false), true},
				{"table --no-trunc", r.format("table", false), false},
				{"quiet", r.format("", true), true},
				{"raw", r.format("raw", false), true},
				{"raw quiet", r.format("raw", true), true},
				{"custom table", Format(r.custom), true},
				{"json", r.format("json", false), true},
				{"json --no-trunc", r.format("json", false), false},
				{"template", Format(r.raw), true},
				{"template --no-trunc", Format(r.raw), false},
				{"json func", Format("{{json .}}"), true},
				{"table header map", Format("table {{.}}"), true},
			}
			for _, c := range cases {
				var b bytes.Buffer
				err := r.write(Context{Output: &b, Format: c.format, Trunc: c.trunc, Now: testNow})
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
			assertGolden(t, r.name+".golden", all.Bytes())
		})
	}
}

// TestContextsEmpty: tables print their header even with no rows; other
// formats print nothing.
func TestContextsEmpty(t *testing.T) {
	for _, f := range []Format{"", "table", "json", "{{.ID}}", "table {{.ID}}"} {
		var b bytes.Buffer
		if err := ContainerWrite(Context{Output: &b, Format: f, Trunc: true}, nil, false); err != nil {
			t.Fatal(err)
		}
		want := ""
		switch f {
		case "", "table":
			want = "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n"
		case "table {{.ID}}":
			want = "CONTAINER ID\n"
		}
		if b.String() != want {
			t.Errorf("%q: got %q, want %q", f, b.String(), want)
		}
	}
}

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		name  string
		write func(Context) error
		f     Format
		want  string
	}{
		{"containers", func(c Context) error { return ContainerWrite(c, testContainers(), false) }, "{{.Foo}}", `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := tt.write(Context{Output: &b, Format: tt.f, Trunc: true, Now: testNow})
			if err == nil {
				t.Fatalf("no error; output %q", b.String())
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if te, ok := err.(*TemplateError); !ok || te.ExitCode() != 1 {
				t.Errorf("error %T is not a *TemplateError with exit code 1", err)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %q despite the error", b.String())
			}
		})
	}
}

// A row that fails after others rendered fine: nothing is written.
func TestWriteNothingOnLateError(t *testing.T) {
	for _, f := range []Format{`{{.Names}}{{if eq .Names "exited"}}{{.Foo}}{{end}}`, `table {{.Names}}{{if eq .Names "exited"}}{{.Foo}}{{end}}`} {
		var b bytes.Buffer
		err := ContainerWrite(Context{Output: &b, Format: f, Trunc: true, Now: testNow}, testContainers(), false)
		want := `template parsing error: template: :1:37: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`
		if err == nil || err.Error() != want || b.Len() != 0 {
			t.Errorf("%q: err %v, output %q", f, err, b.String())
		}
	}
}

func TestContainerNeedsSize(t *testing.T) {
	tests := []struct {
		format string
		want   bool
		err    string
	}{
		{"", false, ""},
		{"table", false, ""},
		{"json", false, ""},
		{"raw", false, ""},
		{"{{.Size}}", true, ""},
		{"table {{.ID}}\\t{{.Size}}", true, ""},
		{"{{if .Names}}{{.Size}}{{end}}", false, ""},
		{"{{json .}}", true, ""},
		{"{{.Foo", false, "failed to parse template: template: :1: unclosed action"},
		{"{{.Names | foo}}", false, `failed to parse template: template: :1: function "foo" not defined`},
		{"table {{.Foo}}", false, `failed to execute template: template: :1:8: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`},
		{`\t{{.Foo}}`, false, `failed to execute template: template: :1:4: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`},
		{`{{.Label "x" "y"}}`, false, `failed to execute template: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 2`},
	}
	for _, tt := range tests {
		got, err := ContainerNeedsSize(tt.format)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: err %v, want %s", tt.format, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %v, %v; want %v", tt.format, got, err, tt.want)
		}
	}
}

// The JSON of each row is exactly its exported no-argument methods, as the
// reference marshals them; the fast paths (field, MarshalJSON) agree with
// the methods.
func TestRowJSONMatchesMethods(t *testing.T) {
	now := fixedNow
	var rows []any
	for _, c := range testContainers() {
		rows = append(rows, &ContainerContext{c: &c, trunc: true, now: now})
	}
	for _, r := range rows {
		want, err := MarshalMethods(r)
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
		m, _ := methodMap(r, nil)
		for name, v := range m {
			s, isString := v.(string)
			got, ok := r.(FieldRow).Field(name)
			if ok != isString || (ok && got != s) {
				t.Errorf("%T.Field(%q) = %q, %v; method gives %#v", r, name, got, ok, v)
			}
		}
	}
}
