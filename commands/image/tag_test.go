package image

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestTag(t *testing.T) {
	for _, tc := range []struct{ source, target, path, repo, tag string }{
		{"bb", "skf", "/images/bb/tag", "docker.io/library/skf", "latest"},
		{"bb:latest", "skf/x:1", "/images/bb:latest/tag", "docker.io/skf/x", "1"},
		{"0520ffc24218", "127.0.0.1:5000/skf/bb:v2", "/images/0520ffc24218/tag", "127.0.0.1:5000/skf/bb", "v2"},
		{idBB, "skf", "/images/" + idBB + "/tag", "docker.io/library/skf", "latest"},
	} {
		t.Run(tc.source+" "+tc.target, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("POST", tc.path).Query("repo", tc.repo).Query("tag", tc.tag).Reply(201, nil)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, run(t, newTagCommand(cli), tc.source, tc.target))
			assert.Equal(t, cli.OutBuf.String(), "")
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestTagErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"one argument", []string{"a"}, "docker: 'tag' requires 2 arguments"},
		{"upper-case target", []string{"bb", "UPPER:x"},
			`Error parsing reference: "UPPER:x" is not a valid repository/tag: invalid reference format: repository name (library/UPPER) must be lowercase`},
		{"bad source first", []string{"Bad@@", "UPPER"},
			`Error parsing reference: "Bad@@" is not a valid repository/tag: invalid reference format: repository name (library/Bad@@) must be lowercase`},
		{"two colons", []string{"bb", "a:b:c"}, `Error parsing reference: "a:b:c" is not a valid repository/tag: invalid reference format`},
		{"empty", []string{"", "x"}, `Error parsing reference: "" is not a valid repository/tag: invalid reference format`},
		{"digest target", []string{"bb", "x@" + digest}, "refusing to create a tag with a digest reference"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t) // no request
			cli := clitest.New(t, e.Host())
			msg, code := errText(run(t, newTagCommand(cli), tc.args...))
			assert.Equal(t, firstLine(msg), tc.want)
			assert.Equal(t, code, 1)
		})
	}
	t.Run("no such image", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/images/nosuch:img/tag").ReplyError(404, "No such image: nosuch:img")
		cli := clitest.New(t, e.Host())
		msg, code := errText(run(t, newTagCommand(cli), "nosuch:img", "x"))
		assert.Equal(t, msg, "Error response from daemon: No such image: nosuch:img")
		assert.Equal(t, code, 1)
	})
}
