// Package clitest gives command unit tests a real DockerCli wired to test streams and a
// fake engine, and a way to run one cobra command as the root would.
package clitest

import (
	"bytes"
	"context"
	"strings"
	"sync"
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
	// no program of the machine's: a credential helper installed there (docker-credential-pass)
	// would become the default store of an empty config.json; a test that needs one puts
	// it on PATH itself
	t.Setenv("PATH", t.TempDir())
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
	cli := &Cli{DockerCli: dc, OutBuf: out, ErrBuf: errb}
	clis.Store(t.Name(), dc)
	t.Cleanup(func() { clis.CompareAndDelete(t.Name(), dc) })
	return cli
}

// clis holds the Cli each test made last, by test name, for Run: a command's API-version
// check needs the Cli, and Run is only given the command.
var clis sync.Map // test name -> *commands.DockerCli

// cliFor returns the Cli t, or the test t is a subtest of, made last; nil if none.
func cliFor(t testing.TB) *commands.DockerCli {
	for name := t.Name(); ; {
		if c, ok := clis.Load(name); ok {
			return c.(*commands.DockerCli)
		}
		i := strings.LastIndex(name, "/")
		if i < 0 {
			return nil
		}
		name = name[:i]
	}
}

// Run executes cmd with args the way the root command would: flags bound, docker's flag
// errors (after a version-gated flag already parsed that the engine lacks), a version-gated flag the engine lacks refused before the arguments are checked
// (with the Cli the test made last, see New), errors returned rather than printed.
func Run(t testing.TB, cmd *cobra.Command, args ...string) error {
	t.Helper()
	commands.BindAll(cmd)
	if cli := cliFor(t); cli != nil {
		wrapAll(cli, cmd)
		cmd.SetFlagErrorFunc(commands.APIFlagError(cli))
	} else {
		cmd.SetFlagErrorFunc(commands.FlagError)
	}
	cmd.SilenceErrors = true
	cmd.SilenceUsage = true
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	cmd.SetArgs(args)
	return cmd.ExecuteContext(context.Background())
}

// wrapped records the commands wrapAll already wrapped: a test may run one twice.
var wrapped sync.Map // *cobra.Command -> struct{}

func wrapAll(cli commands.Cli, cmd *cobra.Command) {
	if _, done := wrapped.LoadOrStore(cmd, struct{}{}); !done {
		commands.WrapAPICheck(cli, cmd)
	}
	for _, sub := range cmd.Commands() {
		wrapAll(cli, sub)
	}
}
