package network

import (
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// netJSON is GET /networks/web as the engine sends it; "Extra" is a field the client's
// types do not have, which templates still reach through the raw fallback.
const netJSON = `{"Name":"web","Id":"312a14ded70a6bf0ef065fcac049add1a964a6119758e90dc02770ea5ac3a54e","Created":"2026-11-23T19:09:09.986559821Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.27.0.0/16","Gateway":"172.27.0.1"}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{"app":"web"},"Extra":"x"}`

const dbJSON = `{"Name":"db","Id":"4e1dfa23f5b1aabbccddeeff00112233445566778899aabbccddeeff00112233","Created":"2026-11-23T19:09:10Z","Scope":"local","Driver":"bridge","Labels":{}}`

func TestInspect(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{name: "default", args: []string{"web", "db"}, golden: "inspect-default.golden"},
		{name: "json", args: []string{"-f", "json", "web", "db"}, golden: "inspect-json.golden"},
		{name: "template", args: []string{"--format", "{{.Name}} {{.Driver}} {{index .Labels \"app\"}} {{(index .IPAM.Config 0).Subnet}}", "web"}, golden: "inspect-template.golden"},
		{name: "docker's field order", args: []string{"-f", "{{json .}}", "web", "db"}, golden: "inspect-json-template.golden"},
		{name: "raw fallback", args: []string{"-f", "{{.Name}} {{.Extra}}", "web"}, golden: "inspect-fallback.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/networks/web").NoQuery("verbose").Reply(200, netJSON)
			if len(tc.args) > 0 && tc.args[len(tc.args)-1] == "db" {
				e.Expect("GET", "/networks/db").Reply(200, dbJSON)
			}
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newInspectCommand(cli), tc.args...))
			golden.Assert(t, cli.OutBuf.String(), tc.golden)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestInspectVerbose(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/networks/web").Query("verbose", "true").Reply(200, netJSON)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newInspectCommand(cli), "-v", "-f", "{{.Name}}", "web"))
	assert.Equal(t, cli.OutBuf.String(), "web\n")
}

func TestInspectErrors(t *testing.T) {
	t.Run("missing among found", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/networks/web").Reply(200, netJSON)
		e.Expect("GET", "/networks/nope").ReplyError(404, "network nope not found")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Name}}", "nope", "web")
		assert.Error(t, err, "Error response from daemon: network nope not found")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "web\n")
	})
	t.Run("missing", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/networks/nope").ReplyError(404, "network nope not found")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "nope")
		assert.Error(t, err, "Error response from daemon: network nope not found")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "[]\n")
	})
	t.Run("blank name asks nothing", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), " ")
		assert.Error(t, err, "invalid network name or ID: value is empty")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "[]\n")
	})
	t.Run("template fails", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/networks/web").Reply(200, netJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Foo}}", "web")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "\n")
	})
	t.Run("template does not parse", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInspectCommand(cli), "-f", "{{.Foo", "web")
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
