package container

import (
	"testing"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// lcResult is what one command run printed and returned.
type lcResult struct {
	out, err string
	code     int
	msg      string // the error as the root prints it
}

// lcExec runs the command built by newCmd with args against the fake engine e.
func lcExec(t *testing.T, e *fakeengine.Engine, o clitest.Options, newCmd func(commands.Cli) *cobra.Command, args ...string) lcResult {
	t.Helper()
	cli := clitest.New(t, e.Host(), o)
	err := clitest.Run(t, newCmd(cli), args...)
	return lcResult{out: cli.OutBuf.String(), err: cli.ErrBuf.String(), code: commands.ExitCode(err), msg: commands.Message(err)}
}

// lcCheck fails unless r has the given stdout, stderr, exit code and error message.
func lcCheck(t *testing.T, r lcResult, out, errOut string, code int, msg string) {
	t.Helper()
	if r.out != out || r.err != errOut || r.code != code || r.msg != msg {
		t.Errorf("got  out=%q err=%q code=%d msg=%q\nwant out=%q err=%q code=%d msg=%q",
			r.out, r.err, r.code, r.msg, out, errOut, code, msg)
	}
}

const lcNoSuchMsg = "Error response from daemon: No such container: nosuch"
