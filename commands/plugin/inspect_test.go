package plugin

import (
	"bytes"
	"encoding/json"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestInspect(t *testing.T) {
	var indented bytes.Buffer
	assert.NilError(t, json.Indent(&indented, []byte(sampleJSON), "    ", "    "))
	tests := []struct {
		name string
		args []string
		want string
	}{
		// the daemon's bytes, indented as docker indents them
		{name: "default", args: []string{"skifftest/p3"}, want: "[\n    " + indented.String() + "\n]\n"},
		{name: "json", args: []string{"-f", "json", "skifftest/p3"}, want: "[" + sampleJSON + "]\n"},
		// the typed value first (ID), the raw JSON for what it lacks (Id)
		{name: "typed", args: []string{"-f", "{{.ID}} {{.Config.Interface.Socket}} {{json .Settings.Env}}", "skifftest/p3"},
			want: "233e95df4e4ea3091a991e3d0161817f9a47aecec06040bad57aa7f4ac549597 skiff.sock [\"DEBUG=0\"]\n"},
		{name: "raw", args: []string{"-f", "{{.Id}} {{.Config.rootfs.type}}", "skifftest/p3"},
			want: "233e95df4e4ea3091a991e3d0161817f9a47aecec06040bad57aa7f4ac549597 layers\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/plugins/skifftest/p3/json").Reply(200, sampleJSON)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newInspectCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
		})
	}
}

func TestInspectErrors(t *testing.T) {
	t.Run("not found among found", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/p3/json").Reply(200, sampleJSON)
		e.Expect("GET", "/plugins/nope/json").ReplyError(404, `plugin "nope" not found`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Name}}", "skifftest/p3", "nope")
		assert.Error(t, err, `Error response from daemon: plugin "nope" not found`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "skifftest/p3:latest\n")
	})
	t.Run("not found", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/nope/json").ReplyError(404, `plugin "nope" not found`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "nope")
		assert.Error(t, err, `Error response from daemon: plugin "nope" not found`)
		assert.Equal(t, cli.OutBuf.String(), "[]\n")
	})
	t.Run("field missing from both", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/p3/json").Reply(200, sampleJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Bogus}}", "skifftest/p3")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Bogus>: map has no entry for key "Bogus"`)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("typed and raw fields mixed", func(t *testing.T) {
		// docker 28: .Id fails on the type, then .ID on the map
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/p3/json").Reply(200, sampleJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Config.Interface.Socket}} {{.ID}} {{.Id}}", "skifftest/p3")
		assert.Error(t, err, `template parsing error: template: :1:31: executing "" at <.ID>: map has no entry for key "ID"`)
	})
	t.Run("no arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newInspectCommand(cli))
		assert.Equal(t, firstLine(err.Error()), "docker: 'inspect' requires at least 1 argument")
	})
}
