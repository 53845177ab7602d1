package container

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestStopReportsInArgumentOrder(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/stop").Query("t", "0").Reply(204, nil)
	e.Expect("POST", "/containers/nosuch/stop").Query("t", "0").ReplyError(404, "No such container: nosuch")
	e.Expect("POST", "/containers/b/stop").Query("t", "0").Reply(304, nil)
	e.Expect("POST", "/containers/c/stop").Query("t", "0").ReplyError(500, "boom")
	r := lcExec(t, e, clitest.Options{}, newStopCommand, "-t", "0", "a", "nosuch", "b", "c")
	lcCheck(t, r, "a\nb\n", "", 1, lcNoSuchMsg+"\nError response from daemon: boom")
}

func TestStopTimeoutOnlyWhenGiven(t *testing.T) {
	e := fakeengine.New(t)
	// the engine is 1.41: -s is not sent (as with the reference)
	e.Expect("POST", "/containers/a/stop").NoQuery("t").NoQuery("signal").Reply(204, nil)
	r := lcExec(t, e, clitest.Options{}, newStopCommand, "--signal", "SIGINT", "a")
	lcCheck(t, r, "a\n", "", 0, "")
}

func TestStopSignalOnNewEngine(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.47"
	e.Expect("POST", "/containers/a/stop").Query("signal", "SIGINT").Query("t", "-1").Reply(204, nil)
	r := lcExec(t, e, clitest.Options{}, newStopCommand, "-s", "SIGINT", "--timeout=-1", "a")
	lcCheck(t, r, "a\n", "", 0, "")
}

func TestStopDeprecatedTime(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/stop").Query("t", "5").Reply(204, nil)
	r := lcExec(t, e, clitest.Options{}, newStopCommand, "--time", "5", "a")
	lcCheck(t, r, "Flag --time has been deprecated, use --timeout instead\na\n", "", 0, "")
}

func TestStopUsageErrors(t *testing.T) {
	e := fakeengine.New(t)
	r := lcExec(t, e, clitest.Options{}, newStopCommand)
	if r.code != 1 || firstLine(r.msg) != "docker: 'stop' requires at least 1 argument" {
		t.Errorf("%+v", r)
	}
	r = lcExec(t, e, clitest.Options{}, newStopCommand, "-t", "x", "a")
	if r.code != 125 || firstLine(r.msg) != `invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt: parsing "x": invalid syntax` {
		t.Errorf("%+v", r)
	}
	r = lcExec(t, e, clitest.Options{}, newStopCommand, "--time", "x", "a")
	if r.code != 125 || firstLine(r.msg) != `invalid argument "x" for "--time" flag: strconv.ParseInt: parsing "x": invalid syntax` {
		t.Errorf("%+v", r)
	}
}

func TestRestartInOrder(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/b/restart").Query("t", "2").Reply(204, nil)
	e.Expect("POST", "/containers/nosuch/restart").ReplyError(404, "No such container: nosuch")
	e.Expect("POST", "/containers/a/restart").Query("t", "2").Reply(204, nil)
	r := lcExec(t, e, clitest.Options{}, newRestartCommand, "-t", "2", "b", "nosuch", "a")
	lcCheck(t, r, "b\na\n", "", 1, lcNoSuchMsg)
	// one after the other, in the arguments' order
	got := strings.Join(e.Requests(), " ")
	if !strings.HasSuffix(got, "POST /v1.41/containers/b/restart?t=2 POST /v1.41/containers/nosuch/restart?t=2 POST /v1.41/containers/a/restart?t=2") {
		t.Errorf("requests: %s", got)
	}
}

// docker refuses --timeout with the deprecated --time (after its notice), for stop and
// restart, without asking the engine.
func TestStopTimeAndTimeoutConflict(t *testing.T) {
	e := fakeengine.New(t)
	for _, newCmd := range []func(commands.Cli) *cobra.Command{newStopCommand, newRestartCommand} {
		r := lcExec(t, e, clitest.Options{}, newCmd, "-t", "1", "--time", "2", "a")
		lcCheck(t, r, "Flag --time has been deprecated, use --timeout instead\n", "", 1,
			"conflicting options: cannot specify both --timeout and --time")
	}
}
