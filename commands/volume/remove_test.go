package volume

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestRemove(t *testing.T) {
	for _, force := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "force"}[force], func(t *testing.T) {
			e := fakeengine.New(t)
			route := func(name string) *fakeengine.Route {
				r := e.Expect("DELETE", "/volumes/"+name)
				if force {
					return r.Query("force", "1")
				}
				return r.NoQuery("force")
			}
			route("a").Reply(204, nil)
			route("inuse").ReplyError(409, "remove inuse: volume is in use - [abc]")
			route("nope").ReplyError(404, "get nope: no such volume")
			route("b").Reply(204, nil)
			cli := clitest.New(t, e.Host())
			args := []string{"a", "inuse", "nope", " b "}
			if force {
				args = append([]string{"-f"}, args...)
			}
			err := clitest.Run(t, newRemoveCommand(cli), args...)
			// Each name as given once gone; the failures together, in order, status 1
			// (the engine, not the client, forgives a missing volume under force).
			assert.Equal(t, cli.OutBuf.String(), "a\n b \n")
			assert.Error(t, err, "Error response from daemon: remove inuse: volume is in use - [abc]\nError response from daemon: get nope: no such volume")
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
}

func TestRemoveErrors(t *testing.T) {
	t.Run("blank names ask nothing", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("DELETE", "/volumes/a").Reply(204, nil)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newRemoveCommand(cli), "", "a", " ")
		assert.Error(t, err, "invalid volume name or ID: value is empty\ninvalid volume name or ID: value is empty")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "a\n")
	})
	t.Run("no arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newRemoveCommand(cli), []string{}...)
		assert.Equal(t, firstLine(err.Error()), "docker: 'rm' requires at least 1 argument")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
}

func TestRemoveForceOldAPI(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.24"
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRemoveCommand(cli), "-f", "x")
	assert.Error(t, err, `"--force" requires API version 1.25, but the Docker daemon API version is 1.24`)
	assert.Equal(t, commands.ExitCode(err), 1)
}
