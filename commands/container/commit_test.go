package container

import (
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestCommit(t *testing.T) {
	e := fakeengine.New(t)
	const id = "sha256:9041713ae79e750dd1f9e500d0b12b6573e2a15e3a48162c5e34780d337cb257"
	// the query as the reference sends it: the repository fully qualified, every key present
	e.Expect("POST", "/commit").Query("container", "c").Query("repo", "docker.io/library/img").Query("tag", "v1").
		Query("author", "me").Query("comment", "msg").Query("changes", "CMD [\"ls\"]").Query("changes", "ENV A=b").
		Query("pause", "0").Reply(201, `{"Id":"`+id+`"}`)
	e.Expect("POST", "/commit").Query("container", "d").Query("repo", "localhost:5000/x/y").Query("tag", "latest").
		Query("author", "").Query("comment", "").NoQuery("pause").NoQuery("changes").Reply(201, `{"Id":"`+id+`"}`)
	e.Expect("POST", "/commit").Query("container", "e").Query("repo", "").Query("tag", "").Reply(201, `{"Id":"`+id+`"}`)
	r := lcExec(t, e, clitest.Options{}, newCommitCommand, "-a", "me", "-m", "msg", "-c", `CMD ["ls"]`, "--change", "ENV A=b", "-p=false", "c", "img:v1")
	lcCheck(t, r, id+"\n", "", 0, "")
	r = lcExec(t, e, clitest.Options{}, newCommitCommand, "d", "localhost:5000/x/y")
	lcCheck(t, r, id+"\n", "", 0, "")
	r = lcExec(t, e, clitest.Options{}, newCommitCommand, "e")
	lcCheck(t, r, id+"\n", "", 0, "")
}

func TestCommitErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/commit").Query("container", "nosuch").ReplyError(404, "No such container: nosuch")
	r := lcExec(t, e, clitest.Options{}, newCommitCommand, "nosuch")
	lcCheck(t, r, "", "", 1, lcNoSuchMsg)
	// references are checked before any request
	r = lcExec(t, e, clitest.Options{}, newCommitCommand, "c", "Bad:Ref")
	lcCheck(t, r, "", "", 1, "invalid reference format: repository name (library/Bad) must be lowercase")
	r = lcExec(t, e, clitest.Options{}, newCommitCommand, "c", "x@sha256:0123456789012345678901234567890123456789012345678901234567890123")
	lcCheck(t, r, "", "", 1, "refusing to create a tag with a digest reference")
	r = lcExec(t, e, clitest.Options{}, newCommitCommand, "c", "a b")
	lcCheck(t, r, "", "", 1, "invalid reference format")
	r = lcExec(t, e, clitest.Options{}, newCommitCommand, "c", "a", "b")
	if r.code != 1 || firstLine(r.msg) != "docker: 'commit' requires at least 1 and at most 2 arguments" {
		t.Errorf("%+v", r)
	}
}
