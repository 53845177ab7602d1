package volume

import (
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// dataJSON is GET /volumes/data as the engine sends it. docker re-encodes it from its
// own type: "Extra" (a field the type lacks) is dropped, keys come out in the type's
// order.
const dataJSON = `{"Name":"data","Driver":"local","CreatedAt":"2026-11-23T19:09:10Z","Labels":{"app":"web"},"Mountpoint":"/var/lib/docker/volumes/data/_data","Options":null,"Scope":"local","Extra":"x"}`

const logsJSON = `{"CreatedAt":"2026-11-23T19:09:11Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/logs/_data","Name":"logs","Options":{"type":"tmpfs"},"Scope":"local"}`

func TestInspect(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{name: "default", args: []string{"data", "logs"}, golden: "inspect-default.golden"},
		{name: "json", args: []string{"-f", "json", "data", "logs"}, golden: "inspect-json.golden"},
		{name: "template", args: []string{"--format", `{{.Name}} {{.Mountpoint}} {{index .Labels "app"}} {{json .Options}}`, "data", "logs"}, golden: "inspect-template.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/volumes/data").Reply(200, dataJSON)
			e.Expect("GET", "/volumes/logs").Reply(200, logsJSON)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newInspectCommand(cli), tc.args...))
			golden.Assert(t, cli.OutBuf.String(), tc.golden)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestInspectErrors(t *testing.T) {
	t.Run("missing among found", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/volumes/data").Reply(200, dataJSON)
		e.Expect("GET", "/volumes/nope").ReplyError(404, "get nope: no such volume")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Name}}", "data", "nope")
		assert.Error(t, err, "Error response from daemon: get nope: no such volume")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "data\n")
	})
	t.Run("missing", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/volumes/nope").ReplyError(404, "get nope: no such volume")
		e.Expect("GET", "/volumes/nope2").ReplyError(404, "get nope2: no such volume")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "nope", "nope2")
		assert.Error(t, err, "Error response from daemon: get nope: no such volume\nError response from daemon: get nope2: no such volume")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "[]\n")
	})
	t.Run("blank name asks nothing", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "")
		assert.Error(t, err, "invalid volume name or ID: value is empty")
		assert.Equal(t, cli.OutBuf.String(), "[]\n")
	})
	t.Run("template fails on the type", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/volumes/data").Reply(200, dataJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Extra}}", "data")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Extra>: can't evaluate field Extra in type volume.Volume`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "\n")
	})
	t.Run("template does not parse", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Foo", "data")
		assert.Error(t, err, "template parsing error: template: :1: unclosed action")
		assert.Equal(t, commands.ExitCode(err), 64)
	})
	t.Run("no arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newInspectCommand(cli), []string{}...)
		assert.Equal(t, firstLine(err.Error()), "docker: 'inspect' requires at least 1 argument")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
}
