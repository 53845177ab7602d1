package plugin

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const remote = "127.0.0.1:5000/skifftest/pp:v1"

// expectPrivileges is the engine's answer to GET /plugins/privileges for remote.
func expectPrivileges(e *fakeengine.Engine, remote string) {
	e.Expect("GET", "/plugins/privileges").Query("remote", remote).Header("X-Registry-Auth", noAuth).Reply(200, privilegesJSON)
}

func TestInstall(t *testing.T) {
	t.Run("granted at the prompt", func(t *testing.T) {
		e := fakeengine.New(t)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/pull").Query("remote", remote).Query("name", "").Header("X-Registry-Auth", noAuth).
			JSONBody(rawJSON(privilegesJSON)).Reply(200, pullStream)
		e.Expect("POST", "/plugins/127.0.0.1:5000/skifftest/pp:v1/enable").Query("timeout", "0").Reply(200, nil)
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "y\n"})
		assert.NilError(t, clitest.Run(t, newInstallCommand(cli), remote))
		assert.Equal(t, cli.OutBuf.String(), privilegesPrompt+pulled+"Installed plugin "+remote+"\n")
		assert.Equal(t, cli.ErrBuf.String(), "")
	})
	t.Run("grant-all, alias, settings, disable", func(t *testing.T) {
		e := fakeengine.New(t)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/pull").Query("remote", remote).Query("name", "skifftest/al:latest").
			JSONBody(rawJSON(privilegesJSON)).Reply(200, pullStream)
		e.Expect("POST", "/plugins/skifftest/al:latest/set").JSONBody([]string{"DEBUG=1", "X"}).Reply(204, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newInstallCommand(cli), "--grant-all-permissions", "--disable", "--alias", "skifftest/al", remote, "DEBUG=1", "X"))
		assert.Equal(t, cli.OutBuf.String(), pulled+"Installed plugin "+remote+"\n")
	})
	t.Run("remote normalised, shown as typed, local name from the remote", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/privileges").Query("remote", "docker.io/foo/bar").Reply(200, `[]`)
		e.Expect("POST", "/plugins/pull").Query("remote", "docker.io/foo/bar").Query("name", "").JSONBody([]any{}).Reply(200, pullStream)
		e.Expect("POST", "/plugins/foo/bar:latest/enable").Query("timeout", "0").Reply(200, nil)
		// no privileges: nothing asked
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newInstallCommand(cli), "foo/bar"))
		assert.Equal(t, cli.OutBuf.String(), pulled+"Installed plugin foo/bar\n")
	})
}

func TestInstallErrors(t *testing.T) {
	t.Run("declined", func(t *testing.T) {
		for _, stdin := range []string{"", "n\n", "yes\n"} {
			e := fakeengine.New(t)
			expectPrivileges(e, remote)
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: stdin})
			err := clitest.Run(t, newInstallCommand(cli), remote)
			assert.Error(t, err, "permission denied while installing plugin "+remote)
			assert.Equal(t, commands.ExitCode(err), 1)
			assert.Equal(t, cli.OutBuf.String(), privilegesPrompt)
		}
	})
	t.Run("already exists", func(t *testing.T) {
		e := fakeengine.New(t)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/pull").ReplyError(409, "plugin skifftest/inst2:latest already exists")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInstallCommand(cli), "--grant-all-permissions", "--alias", "skifftest/inst2", remote)
		assert.Error(t, err, "Error response from daemon: plugin skifftest/inst2:latest already exists")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("error in the stream", func(t *testing.T) {
		e := fakeengine.New(t)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/pull").Reply(200, `{"status":"v1: Pulling from 127.0.0.1:5000/skifftest/pp"}
{"errorDetail":{"message":"unauthorized"},"error":"unauthorized"}
`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInstallCommand(cli), "--grant-all-permissions", remote)
		assert.Error(t, err, "unauthorized")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "v1: Pulling from 127.0.0.1:5000/skifftest/pp\n")
	})
	t.Run("setting refused after the pull", func(t *testing.T) {
		e := fakeengine.New(t)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/pull").Reply(200, pullStream)
		e.Expect("POST", "/plugins/skifftest/al:v9/set").ReplyError(400, `setting "A" not found in the plugin configuration`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInstallCommand(cli), "--grant-all-permissions", "--alias", "skifftest/al:v9", remote, "A=1")
		assert.Error(t, err, `Error response from daemon: setting "A" not found in the plugin configuration`)
		assert.Equal(t, cli.OutBuf.String(), pulled)
	})
	// refused before any request
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{name: "bad remote", args: []string{"Bad Name"}, want: "invalid reference format: repository name (library/Bad Name) must be lowercase"},
		{name: "malformed remote", args: []string{"127.0.0.1:5000//skifftest/pp"}, want: "invalid reference format"},
		{name: "bad alias", args: []string{"--alias", "skifftest/x@sha256:aaaa", remote}, want: "invalid reference format"},
		{name: "digest alias", args: []string{"--alias", "skifftest/pp@sha256:e2a43b70ae247aec3e11b0eded25a77529af505c9a787124b5c2a6b7d87aab2e", remote},
			want: "invalid name: skifftest/pp@sha256:e2a43b70ae247aec3e11b0eded25a77529af505c9a787124b5c2a6b7d87aab2e"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newInstallCommand(cli), tc.args...)
			assert.Error(t, err, tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
	t.Run("content trust", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newInstallCommand(cli), "--disable-content-trust=false", remote)
		assert.ErrorContains(t, err, "content trust is not supported")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("no arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newInstallCommand(cli))
		assert.Equal(t, firstLine(err.Error()), "docker: 'install' requires at least 1 argument")
	})
}
