package plugin

import (
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// installedJSON is a disabled plugin installed from remote under another name.
const installedJSON = `{"Config":{"Description":"skiff test plugin"},"Enabled":false,"Id":"19eabb9df736","Name":"skifftest/inst1:latest","PluginReference":"127.0.0.1:5000/skifftest/pp:v1","Settings":{}}`

func TestUpgrade(t *testing.T) {
	const upgrading = "Upgrading plugin skifftest/inst1:latest from 127.0.0.1:5000/skifftest/pp:v1 to "
	t.Run("from its own remote", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/skifftest/inst1:latest/upgrade").Query("remote", remote).Header("X-Registry-Auth", noAuth).
			JSONBody(rawJSON(privilegesJSON)).Reply(200, pullStream)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newUpgradeCommand(cli), "--grant-all-permissions", "skifftest/inst1"))
		assert.Equal(t, cli.OutBuf.String(), upgrading+remote+"\n"+pulled+"Upgraded plugin skifftest/inst1:latest to "+remote+"\n")
	})
	t.Run("privileges asked", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
		expectPrivileges(e, remote)
		e.Expect("POST", "/plugins/skifftest/inst1:latest/upgrade").Reply(200, pullStream)
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "Y\n"})
		assert.NilError(t, clitest.Run(t, newUpgradeCommand(cli), "skifftest/inst1", remote))
		assert.Equal(t, cli.OutBuf.String(), upgrading+remote+"\n"+privilegesPrompt+pulled+"Upgraded plugin skifftest/inst1:latest to "+remote+"\n")
	})
	t.Run("another remote declined", func(t *testing.T) {
		for _, stdin := range []string{"", "n\n"} {
			e := fakeengine.New(t)
			e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: stdin})
			// exit 0, as docker 28
			assert.NilError(t, clitest.Run(t, newUpgradeCommand(cli), "--grant-all-permissions", "skifftest/inst1", "127.0.0.1:5000/skifftest/pp:nosuch"))
			assert.Equal(t, cli.OutBuf.String(), upgrading+"127.0.0.1:5000/skifftest/pp:nosuch\nPlugin images do not match, are you sure? [y/N] ")
		}
	})
	t.Run("another remote confirmed", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
		e.Expect("GET", "/plugins/privileges").Query("remote", "docker.io/foo/bar").Reply(200, `[]`)
		e.Expect("POST", "/plugins/skifftest/inst1:latest/upgrade").Query("remote", "docker.io/foo/bar").JSONBody([]any{}).
			ReplyError(500, "error resolving plugin reference: no such host")
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "y\n"})
		err := clitest.Run(t, newUpgradeCommand(cli), "skifftest/inst1", "foo/bar")
		assert.Error(t, err, "Error response from daemon: error resolving plugin reference: no such host")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), upgrading+"foo/bar:latest\nPlugin images do not match, are you sure? [y/N] ")
	})
	t.Run("skip remote check", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
		e.Expect("GET", "/plugins/privileges").Query("remote", "docker.io/library/foo").Reply(200, `[]`)
		e.Expect("POST", "/plugins/skifftest/inst1:latest/upgrade").Query("remote", "docker.io/library/foo").Reply(200, pullStream)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newUpgradeCommand(cli), "--skip-remote-check", "skifftest/inst1", "docker.io/library/foo"))
		assert.Equal(t, cli.OutBuf.String(), upgrading+"foo:latest\n"+pulled+"Upgraded plugin skifftest/inst1:latest to foo:latest\n")
	})
}

func TestUpgradeErrors(t *testing.T) {
	t.Run("not found", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/nope/json").ReplyError(404, `plugin "nope" not found`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newUpgradeCommand(cli), "nope")
		assert.Error(t, err, `error reading plugin data: Error response from daemon: plugin "nope" not found`)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("enabled", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, strings.Replace(installedJSON, `"Enabled":false`, `"Enabled":true`, 1))
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newUpgradeCommand(cli), "--grant-all-permissions", "skifftest/inst1")
		assert.Error(t, err, "the plugin must be disabled before upgrading")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("bad remote", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newUpgradeCommand(cli), "skifftest/inst1", "BAD")
		assert.Error(t, err, "error parsing remote upgrade image reference: invalid reference format: repository name (library/BAD) must be lowercase")
	})
	t.Run("privileges declined", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/plugins/skifftest/inst1/json").Reply(200, installedJSON)
		expectPrivileges(e, remote)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newUpgradeCommand(cli), "skifftest/inst1", remote)
		assert.Error(t, err, "permission denied while installing plugin "+remote)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newUpgradeCommand(cli))
		assert.Equal(t, firstLine(err.Error()), "docker: 'upgrade' requires at least 1 and at most 2 arguments")
	})
}
