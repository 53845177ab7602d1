package network

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// docker 28's question, word for word.
const dockerPruneQuestion = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "

func TestPrune(t *testing.T) {
	for _, tc := range []struct {
		name, stdin, config, filters string
		args                         []string
		reply                        string
		out                          string
	}{
		{name: "yes", stdin: "y\n", reply: `{"NetworksDeleted":["n1","n2"]}`,
			out: dockerPruneQuestion + "Deleted Networks:\nn1\nn2\n\n"},
		{name: "forced, nothing went", args: []string{"-f"}, reply: `{"NetworksDeleted":null}`, out: ""},
		{name: "filters", args: []string{"--force", "--filter", "label=a=b", "--filter", "until=1h", "--filter", "label!=c"},
			filters: `{"label":{"a=b":true},"label!":{"c":true},"until":{"1h":true}}`, reply: `{"NetworksDeleted":["n1"]}`,
			out: "Deleted Networks:\nn1\n\n"},
		{name: "config's pruneFilters", args: []string{"-f"}, config: `{"pruneFilters":["label=x","label!=y","until=2h","foo=bar"]}`,
			filters: `{"foo":{"bar":true},"until":{"2h":true}}`, reply: `{}`},
		{name: "config's pruneFilters with a label", args: []string{"-f", "--filter", "label=z"}, config: `{"pruneFilters":["label=x","label!=y","until=2h","foo=bar"]}`,
			filters: `{"foo":{"bar":true},"label":{"z":true},"label!":{"y":true},"until":{"2h":true}}`, reply: `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			r := e.Expect("POST", "/networks/prune").Reply(200, tc.reply)
			if tc.filters != "" {
				r.Query("filters", tc.filters)
			} else {
				r.NoQuery("filters")
			}
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			if tc.config != "" {
				writeConfig(t, tc.config)
			}
			assert.NilError(t, clitest.Run(t, newPruneCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), tc.out)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestPruneDeclined(t *testing.T) {
	for _, stdin := range []string{"n\n", "", "yes\n"} {
		e := fakeengine.New(t) // no request
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: stdin})
		assert.NilError(t, clitest.Run(t, newPruneCommand(cli)))
		assert.Equal(t, cli.OutBuf.String(), dockerPruneQuestion)
	}
}

func TestPruneErrors(t *testing.T) {
	t.Run("old engine", func(t *testing.T) {
		// the root refuses the command below 1.25 (see commands/root); its annotation says so
		cmd := newPruneCommand(clitest.New(t, ""))
		assert.Equal(t, cmd.Annotations["version"], "1.25")
	})
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/networks/prune").ReplyError(400, "Invalid filter 'foo'")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newPruneCommand(cli), "-f", "--filter", "foo=1")
		assert.Error(t, err, "Error response from daemon: Invalid filter 'foo'")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	for _, tc := range []struct {
		args []string
		err  string
		code int
	}{
		{[]string{"--filter", "foo"}, `invalid argument "foo" for "--filter" flag: bad format of filter (expected name=value)`, 125},
		{[]string{"x"}, "docker: 'prune' accepts no arguments", 1},
	} {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newPruneCommand(cli), tc.args...)
		assert.Equal(t, firstLine(err.Error()), tc.err)
		assert.Equal(t, commands.ExitCode(err), tc.code)
	}
}
