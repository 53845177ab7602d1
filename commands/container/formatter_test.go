package container

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// The containers of the columns' tests (the golden files name them).
const (
	fmtID1   = "e81a45a172aca81be47aa6b214a35d9b264d4ffdeed586dca4a8351bb1f6401d"
	fmtID2   = "74f1439cfa74ad4f5c03785b622563e49cc41b00ae600e76f0061be83454bcf7"
	fmtID3   = "b3e635e6260745df6b04a48f0cb9d4bc48f6fc183b12c65a976774413300d3cc"
	fmtImgID = "sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe"
)

func testContainers() []container.Summary {
	ip4 := netip.MustParseAddr("0.0.0.0")
	ip6 := netip.MustParseAddr("::")
	lo := netip.MustParseAddr("127.0.0.1")
	return []container.Summary{
		{
			ID: fmtID1, Names: []string{"/web", "/other/alias"}, Image: "bb:latest", ImageID: fmtImgID,
			Command: "sh -c 'sleep 3600 # a very long command line'", Created: formattertest.Ago(5 * time.Minute),
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
			ID: fmtID2, Names: []string{"/cjk"}, Image: "sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe", ImageID: fmtImgID,
			Command: "echo 'héllo wörld 日本語日本語日本語日本語'", Created: formattertest.Ago(30 * time.Hour),
			State: "created", Status: "Created",
			ImageManifestDescriptor: &ocispec.Descriptor{Platform: &ocispec.Platform{OS: "linux", Architecture: "amd64"}},
		},
		{
			ID: fmtID3, Names: []string{"/exited"}, Image: "docker.io/library/busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ImageID: fmtImgID,
			Command: "echo a\"b\tc\\d", Created: formattertest.Ago(90 * time.Second),
			State: "exited", Status: "Exited (3) About a minute ago",
		},
	}
}

// TestMain fixes the golden files' time zone and -update.
func TestMain(m *testing.M) { formattertest.Main(m) }

func writeTestContainers(ctx formatter.Context) error {
	return containerWrite(ctx, testContainers(), false)
}

// TestFormatterGolden renders ps in every mode (testdata/columns-containers*.golden).
func TestFormatterGolden(t *testing.T) {
	for _, l := range []formattertest.Listing{
		{
			Name:   "columns-containers",
			Custom: `table {{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Label "com.example"}}\t{{.Ports}}\t{{.Size}}`,
			Raw:    `{{.ID}}|{{.Image}}|{{.Command}}|{{.CreatedAt}}|{{.RunningFor}}|{{.Ports}}|{{.State}}|{{.Status}}|{{.Size}}|{{.Names}}|{{.Labels}}|{{.Label "name"}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.Platform}}`,
			Format: func(s string, q bool) formatter.Format { return containerFormat(s, q, false) },
			Write:  writeTestContainers,
		},
		{
			Name:   "columns-containers-size",
			Custom: `table {{.Names}}\t{{.Size}}`,
			Raw:    `{{.Names}} {{.Size}}`,
			Format: func(s string, q bool) formatter.Format { return containerFormat(s, q, true) },
			Write:  func(ctx formatter.Context) error { return containerWrite(ctx, testContainers(), true) },
		},
	} {
		t.Run(l.Name, func(t *testing.T) { formattertest.Golden(t, l) })
	}
}

// TestContextsEmpty: tables print their header even with no rows; other
// formats print nothing.
func TestContextsEmpty(t *testing.T) {
	for _, f := range []formatter.Format{"", "table", "json", "{{.ID}}", "table {{.ID}}"} {
		var b bytes.Buffer
		if err := containerWrite(formatter.Context{Output: &b, Format: f, Trunc: true}, nil, false); err != nil {
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

// docker keeps ps's rows in its formatter package: template errors name
// *formatter.ContainerContext, and so do ours.
func TestFormatterTemplateError(t *testing.T) {
	formattertest.TemplateError(t, writeTestContainers, "{{.Foo}}",
		`template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`)
}

// A row that fails after others rendered fine: nothing is written.
func TestWriteNothingOnLateError(t *testing.T) {
	for _, f := range []formatter.Format{`{{.Names}}{{if eq .Names "exited"}}{{.Foo}}{{end}}`, `table {{.Names}}{{if eq .Names "exited"}}{{.Foo}}{{end}}`} {
		var b bytes.Buffer
		err := containerWrite(formatter.Context{Output: &b, Format: f, Trunc: true, Now: formattertest.FixedNow}, testContainers(), false)
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
		got, err := containerNeedsSize(tt.format)
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

func TestFormatterRows(t *testing.T) {
	var rows []any
	for _, c := range testContainers() {
		rows = append(rows, &ContainerContext{c: &c, trunc: true, now: formattertest.FixedNow()})
	}
	formattertest.RowsMatchMethods(t, rows...)
	formattertest.RowHeaderSweep(t, "ps", func(ctx formatter.Context) error {
		return containerWrite(ctx, []container.Summary{{ID: "abc", Names: []string{"/x"}}}, false)
	})
}

func FuzzContainerFormat(f *testing.F) {
	formattertest.Fuzz(f, func(ctx formatter.Context) error {
		_, _ = containerNeedsSize(string(ctx.Format))
		return containerWrite(ctx, testContainers(), true)
	})
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
		if got := displayablePorts(tt.ports); got != tt.want {
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
