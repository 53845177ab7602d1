package network

import (
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// networksJSON is GET /networks in the engine's (unsorted) order: docker sorts by name,
// numbers by value.
const networksJSON = `[
{"Name":"net10","Id":"2cdd44badbc6a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192","Created":"2026-11-23T19:09:09.405871344Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"Internal":false,"Labels":{"env":"prod","app":"web"}},
{"Name":"bridge","Id":"d72623dcb4321a6d142995df88d548316b414f0b4445353c0ade6769908a5f88","Created":"2026-11-20T08:00:00.5Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"Internal":false,"Labels":{}},
{"Name":"net2","Id":"d51867a9f6ab0011223344556677889900aabbccddeeff001122334455667788","Created":"2026-11-23T19:09:09.258830223Z","Scope":"local","Driver":"bridge","EnableIPv6":true,"Internal":true,"Labels":{"app":"db"}},
{"Name":"none","Id":"15beab1132c2240c47baaeec3bb66860d58cb8aed03b4da3c12b02d282f43e1c","Created":"2026-11-20T08:00:00Z","Scope":"local","Driver":"null","Labels":{}},
{"Name":"host","Id":"98bc66fab07c8d6e42fbd9a72e9e8a1398a9618113d47d6056902b77f22641cb","Created":"2026-11-20T08:00:00Z","Scope":"local","Driver":"host","Labels":{}}
]`

func TestList(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		config string // config.json
		golden string
	}{
		{name: "default", golden: "ls-default.golden"},
		{name: "list alias flags", args: []string{"--no-trunc"}, golden: "ls-no-trunc.golden"},
		{name: "quiet", args: []string{"-q"}, golden: "ls-quiet.golden"},
		{name: "quiet no-trunc", args: []string{"-q", "--no-trunc"}, golden: "ls-quiet-no-trunc.golden"},
		{name: "quiet table", args: []string{"-q", "--format", "table"}, golden: "ls-quiet.golden"},
		{name: "quiet template", args: []string{"-q", "--format", "{{.Name}}"}, golden: "ls-names.golden"},
		{name: "json", args: []string{"--format", "json"}, golden: "ls-json.golden"},
		{name: "raw", args: []string{"--format", "raw"}, golden: "ls-raw.golden"},
		{name: "raw quiet", args: []string{"--format", "raw", "-q"}, golden: "ls-raw-quiet.golden"},
		{name: "template", args: []string{"--format", `{{.Name}} {{.IPv6}} {{.Internal}} {{.Labels}} {{.Label "app"}}`}, golden: "ls-template.golden"},
		{name: "table template", args: []string{"--format", `table {{.Name}}\t{{.CreatedAt}}\t{{.Label "com.example.some-key"}}`}, golden: "ls-table-template.golden"},
		{name: "config format", config: `{"networksFormat":"{{.Name}}--{{.Driver}}"}`, golden: "ls-config.golden"},
		{name: "config format ignored with -q", args: []string{"-q"}, config: `{"networksFormat":"{{.Name}}--{{.Driver}}"}`, golden: "ls-quiet.golden"},
		{name: "flag beats config", args: []string{"--format", "{{.Name}}"}, config: `{"networksFormat":"{{.ID}}"}`, golden: "ls-names.golden"},
	}
	for _, tc := range tests {
		for _, term := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				e := fakeengine.New(t)
				e.Expect("GET", "/networks").NoQuery("filters").Reply(200, networksJSON)
				cli := clitest.New(t, e.Host(), clitest.Options{Terminal: term})
				if tc.config != "" {
					writeConfig(t, tc.config)
				}
				err := clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...) // nil args would make cobra read os.Args
				assert.NilError(t, err)
				golden.Assert(t, cli.OutBuf.String(), tc.golden)
				assert.Equal(t, cli.ErrBuf.String(), "")
			})
		}
	}
}

func writeConfig(t *testing.T, content string) {
	t.Helper()
	err := os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(content), 0o600)
	assert.NilError(t, err)
}

func TestListFilters(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/networks").
		Query("filters", `{"driver":{"bridge":true},"label":{"a=b":true,"c":true},"name":{"net":true}}`).
		Reply(200, `[]`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newListCommand(cli), "-f", "driver=bridge", "--filter", "label=a=b", "-f", " Label = c ", "-f", "name=net")
	assert.NilError(t, err)
	assert.Equal(t, cli.OutBuf.String(), "NETWORK ID   NAME      DRIVER    SCOPE\n")
}

func TestListErrors(t *testing.T) {
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/networks").ReplyError(400, "Invalid filter 'bogus'")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "-f", "bogus=1")
		assert.Error(t, err, "Error response from daemon: Invalid filter 'bogus'")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("template", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/networks").Reply(200, networksJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--format", "{{.Foo}}")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *network.networkContext`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("bad filter", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newListCommand(cli), "-f", "foo")
		assert.Equal(t, firstLine(err.Error()), `invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected name=value)`)
		assert.Equal(t, commands.ExitCode(err), 125)
	})
	t.Run("arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newListCommand(cli), "x")
		assert.Equal(t, firstLine(err.Error()), "docker: 'ls' accepts no arguments")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
}
