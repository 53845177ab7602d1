package container

import (
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestKill(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/kill").Query("signal", "HUP").Reply(204, nil)
	e.Expect("POST", "/containers/b/kill").Query("signal", "HUP").ReplyError(409, "Cannot kill container: b: Container 123 is not running")
	e.Expect("POST", "/containers/c/kill").NoQuery("signal").Reply(204, nil)
	r := lcExec(t, e, clitest.Options{}, newKillCommand, "-s", "HUP", "a", "b")
	lcCheck(t, r, "a\n", "", 1, "Error response from daemon: Cannot kill container: b: Container 123 is not running")
	r = lcExec(t, e, clitest.Options{}, newKillCommand, "c")
	lcCheck(t, r, "c\n", "", 0, "")
}

func TestPauseUnpause(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/pause").Reply(204, nil)
	e.Expect("POST", "/containers/nosuch/pause").ReplyError(404, "No such container: nosuch")
	e.Expect("POST", "/containers/a/unpause").Reply(204, nil)
	e.Expect("POST", "/containers/b/unpause").ReplyError(409, "Container b is not paused")
	r := lcExec(t, e, clitest.Options{}, newPauseCommand, "nosuch", "a")
	lcCheck(t, r, "a\n", "", 1, lcNoSuchMsg)
	r = lcExec(t, e, clitest.Options{}, newUnpauseCommand, "a", "b")
	lcCheck(t, r, "a\n", "", 1, "Error response from daemon: Container b is not paused")
	r = lcExec(t, e, clitest.Options{}, newPauseCommand)
	if r.code != 1 || firstLine(r.msg) != "docker: 'pause' requires at least 1 argument" {
		t.Errorf("%+v", r)
	}
}
