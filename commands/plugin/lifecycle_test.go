package plugin

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestEnable(t *testing.T) {
	t.Run("default timeout", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/skifftest/p3/enable").Query("timeout", "30").Reply(200, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newEnableCommand(cli), "skifftest/p3"))
		assert.Equal(t, cli.OutBuf.String(), "skifftest/p3\n")
	})
	t.Run("timeout", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/skifftest/p3:latest/enable").Query("timeout", "7").Reply(200, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newEnableCommand(cli), "--timeout", "7", "skifftest/p3:latest"))
		assert.Equal(t, cli.OutBuf.String(), "skifftest/p3:latest\n")
	})
	t.Run("already enabled", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/skifftest/p3/enable").ReplyError(500, "plugin already enabled: plugin skifftest/p3:latest is enabled")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newEnableCommand(cli), "skifftest/p3")
		assert.Error(t, err, "Error response from daemon: plugin already enabled: plugin skifftest/p3:latest is enabled")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("negative timeout asks nothing", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newEnableCommand(cli), "--timeout", "-1", "x")
		assert.Error(t, err, "negative timeout -1 is invalid")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("timeout not a number", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newEnableCommand(cli), "--timeout", "x", "p")
		assert.Equal(t, firstLine(err.Error()), `invalid argument "x" for "--timeout" flag: strconv.ParseInt: parsing "x": invalid syntax`)
		assert.Equal(t, commands.ExitCode(err), 125)
	})
}

func TestDisable(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		force bool
	}{{args: []string{"skifftest/p3"}}, {args: []string{"-f", "skifftest/p3"}, force: true}} {
		e := fakeengine.New(t)
		r := e.Expect("POST", "/plugins/skifftest/p3/disable")
		if tc.force {
			r.Query("force", "1")
		} else {
			r.NoQuery("force")
		}
		r.Reply(200, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newDisableCommand(cli), tc.args...))
		assert.Equal(t, cli.OutBuf.String(), "skifftest/p3\n")
	}
	t.Run("not found", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/nope/disable").ReplyError(404, `plugin "nope" not found`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newDisableCommand(cli), "nope")
		assert.Error(t, err, `Error response from daemon: plugin "nope" not found`)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("two arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newDisableCommand(cli), "a", "b")
		assert.Equal(t, firstLine(err.Error()), "docker: 'disable' requires 1 argument")
	})
}

func TestRemove(t *testing.T) {
	t.Run("several, one missing", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("DELETE", "/plugins/skifftest/a").Query("force", "1").Reply(200, nil)
		e.Expect("DELETE", "/plugins/nope").Query("force", "1").ReplyError(404, `plugin "nope" not found`)
		e.Expect("DELETE", "/plugins/skifftest/b:v9").Query("force", "1").Reply(200, nil)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newRemoveCommand(cli), "-f", "skifftest/a", "nope", "skifftest/b:v9")
		assert.Error(t, err, `Error response from daemon: plugin "nope" not found`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "skifftest/a\nskifftest/b:v9\n")
	})
	t.Run("enabled without force", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("DELETE", "/plugins/skifftest/p3").NoQuery("force").ReplyError(500, "plugin skifftest/p3:latest is enabled")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newRemoveCommand(cli), "skifftest/p3")
		assert.Error(t, err, "Error response from daemon: plugin skifftest/p3:latest is enabled")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("no arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newRemoveCommand(cli))
		assert.Equal(t, firstLine(err.Error()), "docker: 'rm' requires at least 1 argument")
	})
}

func TestSet(t *testing.T) {
	t.Run("settings as given", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/skifftest/p3/set").JSONBody([]string{"DEBUG=1", "DEBUG"}).Reply(204, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newSetCommand(cli), "skifftest/p3", "DEBUG=1", "DEBUG"))
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("unknown setting", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/skifftest/p3/set").ReplyError(400, `setting "FOO" not found in the plugin configuration`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newSetCommand(cli), "skifftest/p3", "FOO=1")
		assert.Error(t, err, `Error response from daemon: setting "FOO" not found in the plugin configuration`)
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("one argument", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newSetCommand(cli), "p")
		assert.Equal(t, firstLine(err.Error()), "docker: 'set' requires at least 2 arguments")
	})
}

// docker refuses a blank plugin name without asking the engine (the fake fails on any
// request).
func TestBlankName(t *testing.T) {
	const want = "invalid plugin name or ID: value is empty"
	for _, tc := range []struct {
		name string
		run  func(cli commands.Cli) error
		want string
	}{
		{"inspect", func(cli commands.Cli) error { return clitest.Run(t, newInspectCommand(cli), " ") }, want},
		{"rm", func(cli commands.Cli) error { return clitest.Run(t, newRemoveCommand(cli), "") }, want},
		{"enable", func(cli commands.Cli) error { return clitest.Run(t, newEnableCommand(cli), "") }, want},
		{"disable", func(cli commands.Cli) error { return clitest.Run(t, newDisableCommand(cli), "") }, want},
		{"set", func(cli commands.Cli) error { return clitest.Run(t, newSetCommand(cli), "", "a=b") }, want},
		{"upgrade", func(cli commands.Cli) error { return clitest.Run(t, newUpgradeCommand(cli), "") }, "error reading plugin data: " + want},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			cli := clitest.New(t, e.Host())
			err := tc.run(cli)
			assert.Error(t, err, tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
}
