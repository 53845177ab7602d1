package container

import (
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestWait(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/wait").NoQuery("condition").Reply(200, `{"StatusCode":3}`)
	e.Expect("POST", "/containers/nosuch/wait").ReplyError(404, "No such container: nosuch")
	// an answer with an error message: docker prints the code and ignores the message
	e.Expect("POST", "/containers/b/wait").Reply(200, `{"StatusCode":137,"Error":{"Message":"x"}}`)
	e.Expect("POST", "/containers/c/wait").Reply(200, `{"Stat`)
	r := lcExec(t, e, clitest.Options{}, newWaitCommand, "a", "nosuch", "b", "c")
	if r.out != "3\n137\n" || r.code != 1 || firstLine(r.msg) != lcNoSuchMsg {
		t.Errorf("%+v", r)
	}
}
