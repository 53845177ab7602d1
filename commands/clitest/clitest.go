// Package clitest gives command unit tests a real DockerCli wired to test streams and a
// fake engine, and a way to run one cobra command as the root would.
package clitest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/streams"
)

// Cli is a DockerCli whose output and error streams are buffers.
type Cli struct {
	*commands.DockerCli
	OutBuf, ErrBuf *bytes.Buffer
}

// Options adjust the test Cli.
type Options struct {
	Stdin    string
	Terminal bool // stdin, stdout and stderr report being terminals
}

// New returns a Cli connected to host (a fake engine's Host()), with an empty config
// directory of its own.
func New(t testing.TB, host string, o ...Options) *Cli {
	t.Helper()
	var opt Options
	if len(o) > 0 {
		opt = o[0]
	}
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("DOCKER_CONTEXT", "")
	t.Setenv("DOCKER_API_VERSION", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")
	out, errb := &bytes.Buffer{}, &bytes.Buffer{}
	dc := commands.NewDockerCli(streams.NewTestIn(strings.NewReader(opt.Stdin), opt.Terminal),
		streams.NewTestOut(out, opt.Terminal), streams.NewTestOut(errb, opt.Terminal))
	if host != "" {
		if err := dc.Options().Hosts.Set(host); err != nil {
			t.Fatal(err)
		}
	}
	return &Cli{DockerCli: dc, OutBuf: out, ErrBuf: errb}
}

// Run executes cmd with args the way the root command would: flags bound, docker's flag
// errors, errors returned rather than printed.
func Run(t testing.TB, cmd *cobra.Command, args ...string) error {
	t.Helper()
	commands.BindAll(cmd)
	cmd.SetFlagErrorFunc(commands.FlagError)
	cmd.SilenceErrors = true
	cmd.SilenceUsage = true
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	cmd.SetArgs(args)
	return cmd.ExecuteContext(context.Background())
}
