package plugin

import (
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// The outputs are docker 28's for the same plugins (observed against the engine).
func TestList(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		config string
		want   string
	}{
		{name: "default", want: `ID             NAME                             DESCRIPTION                                     ENABLED
f69fc28e9761   127.0.0.1:5000/skifftest/pp:v1   skiff test plugin                               true
78bc1719bb43   skifftest/long:latest            a very long description of a plugin that goe…   false
233e95df4e4e   skifftest/p3:latest              skiff test plugin                               false
`},
		{name: "quiet", args: []string{"-q"}, want: "f69fc28e9761\n78bc1719bb43\n233e95df4e4e\n"},
		{name: "quiet no-trunc ignores template", args: []string{"-q", "--no-trunc", "--format", "table"}, want: "f69fc28e976191bb7db2e04b6faf2d55732cc61a276ff1e431aed8fe365b25fa\n78bc1719bb43886ca30cce7b8b4528daa4a6181754985e267cc9e16ac5d25d33\n233e95df4e4ea3091a991e3d0161817f9a47aecec06040bad57aa7f4ac549597\n"},
		{name: "json", args: []string{"--format", "json"}, want: `{"Description":"skiff test plugin","Enabled":true,"ID":"f69fc28e9761","Name":"127.0.0.1:5000/skifftest/pp:v1","PluginReference":""}
{"Description":"a very long description of a plugin that goe…","Enabled":false,"ID":"78bc1719bb43","Name":"skifftest/long:latest","PluginReference":"skifftest/long:latest"}
{"Description":"skiff test plugin","Enabled":false,"ID":"233e95df4e4e","Name":"skifftest/p3:latest","PluginReference":"skifftest/p3:latest"}
`},
		{name: "no-trunc template", args: []string{"--no-trunc", "--format", "{{.ID}} {{.Description}}|{{.Enabled}}|{{.PluginReference}}"}, want: `f69fc28e976191bb7db2e04b6faf2d55732cc61a276ff1e431aed8fe365b25fa skiff test plugin|true|
78bc1719bb43886ca30cce7b8b4528daa4a6181754985e267cc9e16ac5d25d33 a very long description of a plugin that goes on and on past the column|false|skifftest/long:latest
233e95df4e4ea3091a991e3d0161817f9a47aecec06040bad57aa7f4ac549597 skiff test plugin|false|skifftest/p3:latest
`},
		{name: "raw", args: []string{"--format", "raw"}, want: `plugin_id: f69fc28e9761
name: 127.0.0.1:5000/skifftest/pp:v1
description: skiff test plugin
enabled: true

plugin_id: 78bc1719bb43
name: skifftest/long:latest
description: a very long description of a plugin that goe…
enabled: false

plugin_id: 233e95df4e4e
name: skifftest/p3:latest
description: skiff test plugin
enabled: false

`},
		{name: "table template", args: []string{"--format", "table {{.Name}}\t{{.PluginReference}}"}, want: `NAME                             PLUGIN REFERENCE
127.0.0.1:5000/skifftest/pp:v1   
skifftest/long:latest            skifftest/long:latest
skifftest/p3:latest              skifftest/p3:latest
`},
		{name: "config format", config: `{"pluginsFormat":"{{.Name}}"}`, want: "127.0.0.1:5000/skifftest/pp:v1\nskifftest/long:latest\nskifftest/p3:latest\n"},
		{name: "config format ignored with -q", args: []string{"-q"}, config: `{"pluginsFormat":"{{.Name}}"}`, want: "f69fc28e9761\n78bc1719bb43\n233e95df4e4e\n"},
	}
	for _, tc := range tests {
		for _, term := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				e := fakeengine.New(t)
				e.Expect("GET", "/plugins").NoQuery("filters").Reply(200, listJSON)
				cli := clitest.New(t, e.Host(), clitest.Options{Terminal: term})
				if tc.config != "" {
					assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(tc.config), 0o600))
				}
				assert.NilError(t, clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...))
				assert.Equal(t, cli.OutBuf.String(), tc.want)
				assert.Equal(t, cli.ErrBuf.String(), "")
			})
		}
	}
}

func TestListFilters(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/plugins").
		Query("filters", `{"capability":{"volumedriver":true},"enabled":{"true":true}}`).
		Reply(200, `[]`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newListCommand(cli), "-f", "enabled=true", "--filter", "capability=volumedriver"))
	assert.Equal(t, cli.OutBuf.String(), "ID        NAME      DESCRIPTION   ENABLED\n")
}

func TestListErrors(t *testing.T) {
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins").ReplyError(400, "Invalid filter 'bogus'")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "-f", "bogus=1")
		assert.Error(t, err, "Error response from daemon: Invalid filter 'bogus'")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("template", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins").Reply(200, listJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--format", "{{.Foo}}")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *plugin.pluginContext`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newListCommand(cli), "x")
		assert.Equal(t, firstLine(err.Error()), "docker: 'ls' accepts no arguments")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("bad filter", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newListCommand(cli), "-f", "foo")
		assert.Equal(t, firstLine(err.Error()), `invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected name=value)`)
		assert.Equal(t, commands.ExitCode(err), 125)
	})
}
