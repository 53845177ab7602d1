package image

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestRemove(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/images/skf:two").NoQuery("force").NoQuery("noprune").
		Reply(200, `[{"Untagged":"skf:two"},{"Untagged":"skf/x:three"},{"Deleted":"`+idChild+`"},{"Deleted":"`+idNone+`"}]`)
	e.Expect("DELETE", "/images/nosuch1").ReplyError(404, "No such image: nosuch1:latest")
	e.Expect("DELETE", "/images/skf:one").Reply(200, `[{"Untagged":"skf:one"}]`)
	e.Expect("DELETE", "/images/BAD").ReplyError(400, "invalid reference format: repository name must be lowercase")
	// an empty name is sent as docker sends it: no trailing slash
	e.Expect("DELETE", "/images").ReplyError(404, "page not found")
	cli := clitest.New(t, e.Host())
	err := run(t, newRemoveCommand(cli), "skf:two", "nosuch1", "skf:one", "BAD", "")
	assert.Equal(t, cli.OutBuf.String(), "Untagged: skf:two\nUntagged: skf/x:three\nDeleted: "+idChild+"\nDeleted: "+idNone+"\nUntagged: skf:one\n")
	msg, code := errText(err)
	assert.Equal(t, msg, "Error response from daemon: No such image: nosuch1:latest\n"+
		"Error response from daemon: invalid reference format: repository name must be lowercase\n"+
		"Error response from daemon: page not found")
	assert.Equal(t, code, 1)
}

func TestRemoveFlags(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/images/a").Query("force", "1").Query("noprune", "1").Reply(200, `[{"Untagged":"a:latest"}]`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newRemoveCommand(cli), "-f", "--no-prune", "a"))
	assert.Equal(t, cli.OutBuf.String(), "Untagged: a:latest\n")
}

func TestRemovePlatform(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.50"
	e.Expect("DELETE", "/images/a").Query("platforms", `{"architecture":"arm64","os":"linux"}`).
		Query("platforms", `{"architecture":"amd64","os":"linux"}`).Reply(200, `[{"Deleted":"`+idBB+`"}]`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newRemoveCommand(cli), "--platform", "linux/arm64,linux/amd64", "a"))
	assert.Equal(t, cli.OutBuf.String(), "Deleted: "+idBB+"\n")

	old := fakeengine.New(t) // 1.41: refused before any request but the ping
	cli = clitest.New(t, old.Host())
	msg, code := errText(run(t, newRemoveCommand(cli), "--platform", "linux/amd64", "a"))
	assert.Equal(t, msg, `"--platform" requires API version 1.50, but the Docker daemon API version is 1.41`)
	assert.Equal(t, code, 1)
}

func TestRemoveShortcut(t *testing.T) {
	cmds := Shortcuts(nil)
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name())
	}
	assert.DeepEqual(t, names, []string{"images", "history", "pull", "push", "tag", "rmi", "save", "load", "import"})
	e := fakeengine.New(t)
	cli := clitest.New(t, e.Host())
	msg, code := errText(run(t, Shortcuts(cli)[5]))
	assert.Equal(t, firstLine(msg), "docker: 'rmi' requires at least 1 argument")
	assert.Equal(t, code, 1)
}
