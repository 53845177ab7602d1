package container

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const (
	id1 = "4f3c2b1a09876543210fedcba9876543210fedcba9876543210fedcba9876543"
	id2 = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	id3 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	// imgID is the image bb:latest; the third container was created from it by ID.
	imgID = "sha256:0520ffc24218aabbccddeeff00112233445566778899aabbccddeeff00112233"
)

// summaries is what the engine answers for GET /containers/json: a running container
// with published ports and a link alias, an exited one with labels, one made from an
// image ID. Creation times are relative to now so "CREATED" columns are stable.
func summaries(size bool) string {
	now := time.Now()
	sz := func(rw, root int64) string {
		if !size {
			return ""
		}
		return fmt.Sprintf(`"SizeRw":%d,"SizeRootFs":%d,`, rw, root)
	}
	return fmt.Sprintf(`[
{"Id":%q,"Names":["/web","/other/alias"],"Image":"bb:latest","ImageID":%q,"Command":"sh -c 'sleep 3600 # a long command line'","Created":%d,%s
 "Ports":[{"PrivatePort":80,"PublicPort":8080,"Type":"tcp","IP":"0.0.0.0"},{"PrivatePort":5000,"Type":"tcp"},{"PrivatePort":5001,"Type":"tcp"}],
 "Labels":{"app":"web","tier":"front"},"State":"running","Status":"Up 2 hours",
 "HostConfig":{"NetworkMode":"bridge"},"NetworkSettings":{"Networks":{"bridge":{}}},
 "Mounts":[{"Type":"volume","Name":"0123456789abcdef0123","Driver":"local","Destination":"/data"}]},
{"Id":%q,"Names":["/job"],"Image":"bb","ImageID":%q,"Command":"sh -c 'exit 3'","Created":%d,%s
 "Ports":[],"Labels":{"app":"batch"},"State":"exited","Status":"Exited (3) 2 hours ago",
 "HostConfig":{"NetworkMode":"none"},"NetworkSettings":{"Networks":{"none":{}}},"Mounts":[]},
{"Id":%q,"Names":["/byid"],"Image":%q,"ImageID":%q,"Command":"true","Created":%d,%s
 "Ports":[],"Labels":{},"State":"created","Status":"Created",
 "HostConfig":{"NetworkMode":"bridge"},"NetworkSettings":{"Networks":{"bridge":{}}},"Mounts":[]}
]`,
		id1, imgID, now.Add(-2*time.Hour).Unix(), sz(0, 1984241),
		id2, imgID, now.Add(-3*time.Hour).Unix(), sz(12, 1984253),
		id3, strings.TrimPrefix(imgID, "sha256:"), imgID, now.Add(-4*time.Hour).Unix(), sz(2048, 1986289))
}

// containersJSON lists the first n containers of summaries.
func containersJSON(size bool, n int) string {
	all := summaries(size)
	if n >= 3 {
		return all
	}
	parts := strings.SplitAfter(strings.TrimSuffix(strings.TrimPrefix(all, "["), "]"), "]}")
	return "[" + strings.TrimSuffix(strings.Join(parts[:n], ""), ",") + "]"
}

// apiCalls are the requests the engine saw, without pings and the version prefix.
func apiCalls(e *fakeengine.Engine) []string {
	var out []string
	for _, r := range e.Requests() {
		if strings.Contains(r, "/_ping") {
			continue
		}
		out = append(out, regexp.MustCompile(`/v[0-9.]+/`).ReplaceAllString(r, "/"))
	}
	return out
}

var timestamp = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4} [A-Za-z0-9+-]+`)

// normalize replaces CreatedAt timestamps, which depend on the clock and time zone.
func normalize(s string) string { return timestamp.ReplaceAllString(s, "<TS>") }

func writeConfig(t *testing.T, content string) {
	t.Helper()
	dir := os.Getenv("DOCKER_CONFIG")
	assert.Assert(t, dir != "")
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600))
}

func TestList(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		config   string // config.json
		query    string // the query the engine must get
		size     bool   // the engine answers with sizes
		n        int    // containers in the answer (default 3)
		terminal bool
		golden   string
		stderr   string
	}{
		{name: "default", golden: "ps-default.golden"},
		{name: "default terminal", terminal: true, golden: "ps-default.golden"},
		{name: "all", args: []string{"-a"}, query: "all=1", golden: "ps-default.golden"},
		{name: "quiet", args: []string{"-a", "-q"}, query: "all=1", golden: "ps-quiet.golden"},
		{name: "quiet no-trunc", args: []string{"-aq", "--no-trunc"}, query: "all=1", golden: "ps-quiet-no-trunc.golden"},
		{name: "no-trunc", args: []string{"--all", "--no-trunc"}, query: "all=1", golden: "ps-no-trunc.golden"},
		{name: "size", args: []string{"-s"}, query: "size=1", size: true, golden: "ps-size.golden"},
		{name: "last", args: []string{"-n", "2"}, query: "limit=2", n: 2, golden: "ps-last2.golden"},
		{name: "last zero", args: []string{"--last", "0"}, golden: "ps-default.golden"},
		{name: "latest", args: []string{"-l"}, query: "limit=1", n: 1, golden: "ps-latest.golden"},
		{name: "latest and last", args: []string{"-l", "-n", "2"}, query: "limit=2", n: 2, golden: "ps-last2.golden"},
		{name: "filters", args: []string{"-a", "-f", "label=app", "--filter", "status=exited", "-f", " Name = job ", "-f", "ancestor=bb"},
			query: `all=1&filters={"ancestor":{"bb":true},"label":{"app":true},"name":{"job":true},"status":{"exited":true}}`, golden: "ps-default.golden"},
		{name: "json", args: []string{"--format", "json"}, golden: "ps-json.golden"},
		{name: "json size", args: []string{"--format", "{{json .}}", "-s"}, query: "size=1", size: true, golden: "ps-json-size.golden"},
		{name: "table template", args: []string{"--format", `table {{.ID}}\t{{.Names}}\t{{.Label "app"}}\t{{.Networks}}`}, golden: "ps-table-template.golden"},
		{name: "table template size probed", args: []string{"--format", `table {{.Names}}\t{{.Size}}`}, query: "size=1", size: true, golden: "ps-table-size.golden"},
		{name: "raw template", args: []string{"--format", `{{.Names}} {{.State}} {{.Mounts}} {{.LocalVolumes}} {{.Ports}}`}, golden: "ps-raw-template.golden"},
		{name: "raw", args: []string{"--format", "raw"}, golden: "ps-raw.golden"},
		{name: "raw quiet", args: []string{"--format", "raw", "-q"}, golden: "ps-raw-quiet.golden",
			stderr: "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"},
		{name: "quiet ignores format", args: []string{"-q", "--format", "{{.Size}}"}, golden: "ps-quiet.golden",
			stderr: "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"},
		{name: "table with size", args: []string{"--format", "table", "-s"}, query: "size=1", size: true, golden: "ps-size.golden"},
		{name: "psFormat", config: `{"psFormat":"table {{.Names}}\\t{{.Size}}"}`, query: "size=1", size: true, golden: "ps-table-size.golden"},
		{name: "psFormat quiet", config: `{"psFormat":"table {{.Names}}\\t{{.Size}}"}`, args: []string{"-q"}, golden: "ps-quiet.golden"},
		{name: "psFormat overridden", config: `{"psFormat":"{{.Size}}"}`, args: []string{"--format", "table"}, golden: "ps-default.golden"},
		{name: "psFormat raw quiet", config: `{"psFormat":"raw"}`, args: []string{"-q"}, golden: "ps-raw-quiet.golden"},
		{name: "empty", args: []string{"--format", "{{.Names}}"}, n: -1, golden: "ps-empty-template.golden"},
		{name: "empty table", n: -1, golden: "ps-empty.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			var body string
			switch {
			case tc.n < 0:
				body = "[]"
			case tc.n == 0:
				body = containersJSON(tc.size, 3)
			default:
				body = containersJSON(tc.size, tc.n)
			}
			e.Expect("GET", "/containers/json").Reply(200, body)
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.terminal})
			if tc.config != "" {
				writeConfig(t, tc.config)
			}
			err := clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...)
			assert.NilError(t, err)
			want := "GET /containers/json"
			if tc.query != "" {
				want += "?" + tc.query
			}
			calls := apiCalls(e)
			assert.Equal(t, len(calls), 1)
			got, _ := unescapeQuery(calls[0])
			assert.Equal(t, got, want)
			assert.Equal(t, cli.ErrBuf.String(), tc.stderr)
			golden.Assert(t, normalize(cli.OutBuf.String()), tc.golden)
		})
	}
}

func unescapeQuery(s string) (string, error) {
	path, q, ok := strings.Cut(s, "?")
	if !ok {
		return s, nil
	}
	// The client sends parameters sorted by name; compare in a readable form.
	vals, err := parseQuery(q)
	return path + "?" + vals, err
}

func TestListErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		config string
		engine func(e *fakeengine.Engine)
		want   string
		code   int
	}{
		{name: "bad filter", args: []string{"-f", "bogus=1"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/json").ReplyError(400, "Invalid filter 'bogus'")
			},
			want: "Error response from daemon: Invalid filter 'bogus'", code: 1},
		{name: "filter without value", args: []string{"-f", "nonsense"},
			want: `invalid argument "nonsense" for "-f, --filter" flag: bad format of filter (expected name=value)`, code: 125},
		{name: "bad last", args: []string{"-n", "abc"},
			want: `invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax`, code: 125},
		{name: "unknown field", args: []string{"--format", "{{.Foo}}"},
			want: `failed to execute template: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`, code: 1},
		{name: "unclosed action", args: []string{"--format", "{{.ID"},
			want: "failed to parse template: template: :1: unclosed action", code: 1},
		{name: "unknown field quiet", args: []string{"-q", "--format", "{{.Foo}}"},
			want: `failed to execute template: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`, code: 1},
		{name: "bad psFormat", config: `{"psFormat":"{{.Foo}}"}`, args: []string{"-q"},
			want: `failed to execute template: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`, code: 1},
		{name: "arguments", args: []string{"foo"},
			want: "docker: 'ls' accepts no arguments", code: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.engine != nil {
				tc.engine(e)
			}
			cli := clitest.New(t, e.Host())
			if tc.config != "" {
				writeConfig(t, tc.config)
			}
			err := clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...)
			assert.Assert(t, err != nil)
			assert.Equal(t, firstLine(err.Error()), tc.want)
			assert.Equal(t, commands.ExitCode(err), tc.code)
			assert.Equal(t, cli.OutBuf.String(), "")
		})
	}
}

func TestShortcuts(t *testing.T) {
	cli := clitest.New(t, "")
	cmds := Shortcuts(cli)
	assert.Equal(t, cmds[0].Name(), "ps")
	assert.Equal(t, len(cmds[0].Aliases), 0)
	c := NewCommand(cli)
	commands.Expand(c)
	for _, name := range []string{"ls", "list", "ps", "inspect"} {
		sub, _, err := c.Find([]string{name})
		assert.NilError(t, err)
		assert.Assert(t, sub != c, name)
	}
	// every other top-level shortcut is also a `docker container` verb of the same name
	for _, s := range cmds[1:] {
		sub, _, err := c.Find([]string{s.Name()})
		assert.NilError(t, err)
		assert.Equal(t, sub.Name(), s.Name())
		assert.Assert(t, sub != c, s.Name())
	}
}
