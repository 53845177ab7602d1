package container

import (
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestRename(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/rename").Query("name", "b").Reply(204, nil)
	e.Expect("POST", "/containers/a/rename").Query("name", "a").ReplyError(400, "Renaming a container with the same name as its current name")
	r := lcExec(t, e, clitest.Options{}, newRenameCommand, " a ", "b ")
	lcCheck(t, r, "", "", 0, "")
	r = lcExec(t, e, clitest.Options{}, newRenameCommand, "a", "a")
	lcCheck(t, r, "", "", 1, "Error response from daemon: Renaming a container with the same name as its current name\nError: failed to rename container named a")
	r = lcExec(t, e, clitest.Options{}, newRenameCommand, "a", " ")
	lcCheck(t, r, "", "", 1, "Error: Neither old nor new names may be empty")
	r = lcExec(t, e, clitest.Options{}, newRenameCommand, "a")
	if r.code != 1 || firstLine(r.msg) != "docker: 'rename' requires 2 arguments" {
		t.Errorf("%+v", r)
	}
}
