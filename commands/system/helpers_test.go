package system

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/version"
)

// The reference client's build identity: tests stamp ours the same way so that golden
// files are the reference's output byte for byte (checked against docker 28.2.2 run on
// the same engine answers).
func stampLikeReference(t *testing.T) {
	t.Helper()
	commit, built := version.GitCommit, version.BuildTime
	version.GitCommit, version.BuildTime = "e6534b4", "Fri, 30 May 2025 12:07:14 UTC"
	t.Cleanup(func() { version.GitCommit, version.BuildTime = commit, built })
}

// normGo replaces this toolchain's version by the reference's.
func normGo(s string) string { return strings.ReplaceAll(s, runtime.Version(), "go1.24.3") }

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	assert.NilError(t, err)
	return string(b)
}

// result is one command run.
type result struct {
	out, err string
	runErr   error
}

func (r result) code() int { return commands.ExitCode(r.runErr) }

// msg is the text the root would print for the error ("" when none).
func (r result) msg() string { return commands.Message(r.runErr) }

// run builds the command with mk on a Cli talking to e (or to host when e is nil),
// runs it with args and returns what it wrote.
func run(t *testing.T, e *fakeengine.Engine, host string, opts clitest.Options, mk func(commands.Cli) *cobra.Command, args ...string) result {
	t.Helper()
	return runEnv(t, e, host, opts, nil, mk, args...)
}

// runEnv is run with environment variables set after the test Cli is made (it clears
// DOCKER_* variables).
func runEnv(t *testing.T, e *fakeengine.Engine, host string, opts clitest.Options, env map[string]string, mk func(commands.Cli) *cobra.Command, args ...string) result {
	t.Helper()
	if e != nil {
		host = e.Host()
	}
	cli := clitest.New(t, host, opts)
	for k, v := range env {
		t.Setenv(k, v)
	}
	err := clitest.Run(t, mk(cli), args...)
	return result{out: cli.OutBuf.String(), err: cli.ErrBuf.String(), runErr: err}
}

func assertGolden(t *testing.T, got, name string) {
	t.Helper()
	golden.Assert(t, got, name)
}

// deadHost is a socket nobody listens on.
func deadHost(t *testing.T) string {
	return "unix://" + filepath.Join(t.TempDir(), "nope.sock")
}

// firstLine is what scripts match on.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// Short names for the constructor type in table tests.
type (
	commandsCli  = commands.Cli
	cobraCommand = cobra.Command
)
