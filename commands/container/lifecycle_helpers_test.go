package container

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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

// TestLifecycleFlags checks each lifecycle verb's flags against docker 28's: names,
// shorthands, value types and defaults (the interface scripts rely on).
func TestLifecycleFlags(t *testing.T) {
	cli := clitest.New(t, "")
	for _, c := range []struct {
		newCmd  func(commands.Cli) *cobra.Command
		use     string
		flags   []string // name/shorthand/type/default
		aliases string
	}{
		{newStopCommand, "stop [OPTIONS] CONTAINER [CONTAINER...]", []string{"signal/s/string/", "time//int/0", "timeout/t/int/0"}, "docker container stop, docker stop"},
		{newRestartCommand, "restart [OPTIONS] CONTAINER [CONTAINER...]", []string{"signal/s/string/", "time//int/0", "timeout/t/int/0"}, "docker container restart, docker restart"},
		{newKillCommand, "kill [OPTIONS] CONTAINER [CONTAINER...]", []string{"signal/s/string/"}, "docker container kill, docker kill"},
		{newRmCommand, "rm [OPTIONS] CONTAINER [CONTAINER...]", []string{"force/f/bool/false", "link/l/bool/false", "volumes/v/bool/false"}, "docker container rm, docker container remove, docker rm"},
		{newPauseCommand, "pause CONTAINER [CONTAINER...]", nil, "docker container pause, docker pause"},
		{newUnpauseCommand, "unpause CONTAINER [CONTAINER...]", nil, "docker container unpause, docker unpause"},
		{newRenameCommand, "rename CONTAINER NEW_NAME", nil, "docker container rename, docker rename"},
		{newWaitCommand, "wait CONTAINER [CONTAINER...]", nil, "docker container wait, docker wait"},
		{newLogsCommand, "logs [OPTIONS] CONTAINER", []string{"details//bool/false", "follow/f/bool/false", "since//string/", "tail/n/string/all", "timestamps/t/bool/false", "until//string/"}, "docker container logs, docker logs"},
		{newCommitCommand, "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", []string{"author/a/string/", "change/c/list/", "message/m/string/", "pause/p/bool/true"}, "docker container commit, docker commit"},
		{newExportCommand, "export [OPTIONS] CONTAINER", []string{"output/o/string/"}, "docker container export, docker export"},
		{newPruneCommand, "prune [OPTIONS]", []string{"filter//filter/", "force/f/bool/false"}, ""},
	} {
		cmd := c.newCmd(cli)
		commands.BindFlags(cmd)
		if cmd.Use != c.use || cmd.Annotations["aliases"] != c.aliases || cmd.Args == nil || cmd.Short == "" {
			t.Errorf("%s: use %q aliases %q", c.use, cmd.Use, cmd.Annotations["aliases"])
		}
		var got []string
		cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
			got = append(got, f.Name+"/"+f.Shorthand+"/"+f.Value.Type()+"/"+f.DefValue)
		})
		if strings.Join(got, " ") != strings.Join(c.flags, " ") {
			t.Errorf("%s: flags\n got  %v\n want %v", c.use, got, c.flags)
		}
		if f := cmd.Flags().Lookup("time"); f != nil && !f.Hidden {
			t.Errorf("%s: --time is not hidden", c.use)
		}
	}
}
