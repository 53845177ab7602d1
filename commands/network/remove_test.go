package network

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const ingressJSON = `{"Name":"ingress","Id":"x","Scope":"swarm","Driver":"overlay","Ingress":true}`

func TestRemove(t *testing.T) {
	e := fakeengine.New(t)
	// each network is looked up, then removed, one after the other; a failed look-up
	// is passed over
	e.Expect("GET", "/networks/a").Reply(200, netJSON)
	e.Expect("DELETE", "/networks/a").Reply(204, nil)
	e.Expect("GET", "/networks/b").ReplyError(404, "network b not found")
	e.Expect("DELETE", "/networks/b").Reply(204, nil)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newRemoveCommand(cli), " a ", "b"))
	assert.Equal(t, cli.OutBuf.String(), " a \nb\n") // as given
	assert.Equal(t, cli.ErrBuf.String(), "")
}

func TestRemoveErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		routes   func(e *fakeengine.Engine)
		out, err string
	}{
		{"each failure, then exit status 1", []string{"busy", "missing", "ok"}, func(e *fakeengine.Engine) {
			e.Expect("GET", "/networks/busy").Reply(200, netJSON)
			e.Expect("DELETE", "/networks/busy").ReplyError(403, "error while removing network: network busy id 71fb has active endpoints")
			e.Expect("GET", "/networks/missing").ReplyError(404, "network missing not found")
			e.Expect("DELETE", "/networks/missing").ReplyError(404, "network missing not found")
			e.Expect("GET", "/networks/ok").Reply(200, netJSON)
			e.Expect("DELETE", "/networks/ok").Reply(204, nil)
		}, "ok\n", "Error response from daemon: error while removing network: network busy id 71fb has active endpoints\nError response from daemon: network missing not found\n"},
		{"-f: not a missing one", []string{"-f", "missing", "busy"}, func(e *fakeengine.Engine) {
			e.Expect("GET", "/networks/missing").ReplyError(404, "network missing not found")
			e.Expect("DELETE", "/networks/missing").ReplyError(404, "network missing not found")
			e.Expect("GET", "/networks/busy").Reply(200, netJSON)
			e.Expect("DELETE", "/networks/busy").ReplyError(403, "bridge is a pre-defined network and cannot be removed")
		}, "", "Error response from daemon: bridge is a pre-defined network and cannot be removed\n"},
		{"-f: a blank name still fails", []string{"-f", " "}, func(e *fakeengine.Engine) {},
			"", "invalid network name or ID: value is empty\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			tc.routes(e)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newRemoveCommand(cli), tc.args...)
			assert.Error(t, err, "exit status 1")
			assert.Equal(t, commands.ExitCode(err), 1)
			assert.Equal(t, cli.OutBuf.String(), tc.out)
			assert.Equal(t, cli.ErrBuf.String(), tc.err)
		})
	}
	t.Run("-f: a missing one is no failure", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/networks/gone").Reply(200, netJSON) // gone between the two
		e.Expect("DELETE", "/networks/gone").ReplyError(404, "network gone not found")
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newRemoveCommand(cli), "--force", "gone"))
		assert.Equal(t, cli.OutBuf.String()+cli.ErrBuf.String(), "")
	})
	t.Run("no arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newRemoveCommand(cli))
		assert.Equal(t, firstLine(err.Error()), "docker: 'rm' requires at least 1 argument")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
}

// The swarm's routing mesh is removed only once the user says yes, -f or not.
func TestRemoveIngress(t *testing.T) {
	for _, tc := range []struct {
		name, stdin string
		args        []string
		removed     bool
	}{
		{"yes", "y\n", []string{"ingress"}, true},
		{"no", "n\n", []string{"ingress"}, false},
		{"no answer", "", []string{"ingress"}, false},
		{"-f asks too", "", []string{"-f", "ingress"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/networks/ingress").Reply(200, ingressJSON)
			want := ingressWarning
			if tc.removed {
				e.Expect("DELETE", "/networks/ingress").Reply(204, nil)
				want += "ingress\n"
			}
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			assert.NilError(t, clitest.Run(t, newRemoveCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), want)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}
