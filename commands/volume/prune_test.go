package volume

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const (
	promptAll       = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
	promptAnonymous = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
	pruneReply      = `{"VolumesDeleted":["v1","v2"],"SpaceReclaimed":2048}`
	pruneReport     = "Deleted Volumes:\nv1\nv2\n\nTotal reclaimed space: 2.048kB\n"
)

// TestPrunePrompt: the warning says what the engine will remove: every unused volume
// below API 1.42, anonymous ones only from 1.42 unless --all (docker 28's wording).
func TestPrunePrompt(t *testing.T) {
	for _, tc := range []struct {
		name, api, stdin string
		args             []string
		want             string
		query            string // filters sent, "" for none; "-" for no request
	}{
		{name: "old engine yes", api: "1.41", stdin: "y\n", want: promptAll + pruneReport},
		{name: "old engine no", api: "1.41", stdin: "n\n", want: promptAll, query: "-"},
		{name: "old engine end of input", api: "1.41", stdin: "", want: promptAll, query: "-"},
		{name: "new engine", api: "1.44", stdin: " Y \n", want: promptAnonymous + pruneReport},
		{name: "new engine yes word", api: "1.44", stdin: "yes\n", want: promptAnonymous, query: "-"},
		{name: "new engine all", api: "1.44", stdin: "y\n", args: []string{"-a"}, want: promptAll + pruneReport, query: `{"all":{"true":true}}`},
		{name: "new engine all filter", api: "1.44", stdin: "n\n", args: []string{"--filter", "all=true"}, want: promptAnonymous, query: "-"},
		{name: "force", api: "1.44", args: []string{"-f", "--filter", "label!=a", "--filter", "until=1h"}, want: pruneReport, query: `{"label!":{"a":true},"until":{"1h":true}}`},
		{name: "force all", api: "1.44", args: []string{"--force", "--all", "--filter", "label=a"}, want: pruneReport, query: `{"all":{"true":true},"label":{"a":true}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.api
			switch tc.query {
			case "-":
			case "":
				e.Expect("POST", "/volumes/prune").NoQuery("filters").Reply(200, pruneReply)
			default:
				e.Expect("POST", "/volumes/prune").Query("filters", tc.query).Reply(200, pruneReply)
			}
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			assert.NilError(t, clitest.Run(t, newPruneCommand(cli), append([]string{}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestPruneNothing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/volumes/prune").Reply(200, `{"VolumesDeleted":null,"SpaceReclaimed":0}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newPruneCommand(cli), "-f"))
	assert.Equal(t, cli.OutBuf.String(), "Total reclaimed space: 0B\n")
}

// TestPruneConfigFilters: config.json's pruneFilters join the command line's.
func TestPruneConfigFilters(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/volumes/prune").Query("filters", `{"label":{"x":true},"label!":{"nf":true},"until":{"24h":true}}`).Reply(200, pruneReply)
	cli := clitest.New(t, e.Host())
	writeConfig(t, `{"pruneFilters":["label=pf","until=24h","label!=nf"]}`)
	assert.NilError(t, clitest.Run(t, newPruneCommand(cli), "-f", "--filter", "label=x"))
}

// TestPruneUnreachable: docker asks before it knows the engine (taken as a current
// one), and reports the connection only once it prunes.
func TestPruneUnreachable(t *testing.T) {
	cli := clitest.New(t, "unix:///nonexistent/docker.sock", clitest.Options{Stdin: "n\n"})
	assert.NilError(t, clitest.Run(t, newPruneCommand(cli), []string{}...))
	assert.Equal(t, cli.OutBuf.String(), promptAnonymous)
}

func TestPruneErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		msg  string
		code int
	}{
		{"all on an old engine", []string{"-a", "-f"}, `"--all" requires API version 1.42, but the Docker daemon API version is 1.41`, 1},
		{"all checked before arguments", []string{"--all", "x"}, `"--all" requires API version 1.42, but the Docker daemon API version is 1.41`, 1},
		{"arguments", []string{"x"}, "docker: 'prune' accepts no arguments", 1},
		{"bad filter", []string{"--filter", "foo"}, `invalid argument "foo" for "--filter" flag: bad format of filter (expected name=value)`, 125},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newPruneCommand(cli), tc.args...)
			assert.Equal(t, firstLine(commands.Message(err)), tc.msg)
			assert.Equal(t, commands.ExitCode(err), tc.code)
			assert.Equal(t, cli.OutBuf.String(), "")
		})
	}
	t.Run("all twice", func(t *testing.T) {
		e := fakeengine.New(t)
		e.APIVersion = "1.44"
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newPruneCommand(cli), "-a", "-f", "--filter", "all=false")
		assert.Error(t, err, "conflicting options: cannot specify both --all and --filter all=1")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/volumes/prune").ReplyError(400, "invalid filter 'bogus'")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newPruneCommand(cli), "-f", "--filter", "bogus=1")
		assert.Error(t, err, "Error response from daemon: invalid filter 'bogus'")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
}
