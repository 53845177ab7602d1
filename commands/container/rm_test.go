package container

import (
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestRmRunningWithoutForce(t *testing.T) {
	e := fakeengine.New(t)
	const running = "You cannot remove a running container 0123. Stop the container before attempting removal or force remove"
	e.Expect("DELETE", "/containers/nosuch").NoQuery("force").ReplyError(404, "No such container: nosuch")
	e.Expect("DELETE", "/containers/run").NoQuery("force").ReplyError(409, running)
	e.Expect("DELETE", "/containers/b").NoQuery("force").NoQuery("v").NoQuery("link").Reply(204, nil)
	r := lcExec(t, e, clitest.Options{}, newRmCommand, "nosuch", "run", "/b/", "/")
	// names are printed as given; "/" is refused before any request
	lcCheck(t, r, "/b/\n", "", 1, lcNoSuchMsg+"\nError response from daemon: "+running+"\ncontainer name cannot be empty")
}

func TestRmForceIgnoresMissing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/containers/a").Query("force", "1").Query("v", "1").NoQuery("link").Reply(204, nil)
	e.Expect("DELETE", "/containers/nosuch").Query("force", "1").ReplyError(404, "No such container: nosuch")
	r := lcExec(t, e, clitest.Options{}, newRmCommand, "-f", "-v", "nosuch", "a")
	lcCheck(t, r, "a\n", lcNoSuchMsg+"\n", 0, "")
}

func TestRmLink(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/containers/web/db").Query("link", "1").ReplyError(409, "Conflict, cannot remove the default link name of the container")
	r := lcExec(t, e, clitest.Options{}, newRmCommand, "--link", "web/db")
	lcCheck(t, r, "", "", 1, "Error response from daemon: Conflict, cannot remove the default link name of the container")
}

func TestRmManyInParallel(t *testing.T) {
	e := fakeengine.New(t)
	var names []string
	want := ""
	for i := range 120 {
		n := "c" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		names = append(names, n)
		want += n + "\n"
		e.Expect("DELETE", "/containers/"+n).Reply(204, nil)
	}
	r := lcExec(t, e, clitest.Options{}, newRmCommand, names...)
	lcCheck(t, r, want, "", 0, "")
}
