package image

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const importReply = `{"status":"` + idChild + `"}` + "\n"

// importBody checks that the import's body is the archive as given.
func importBody(t *testing.T, want string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil || string(b) != want {
			t.Errorf("import body %q, %v; want %q", b, err, want)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, importReply)
	}
}

func TestImport(t *testing.T) {
	archive := filepath.Join(t.TempDir(), "fs.tar")
	assert.NilError(t, os.WriteFile(archive, []byte("fs tar"), 0o644))
	for _, terminal := range []bool{false, true} {
		t.Run("file", func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("POST", "/images/create").Query("fromSrc", "-").NoQuery("repo").NoQuery("message").
				NoQuery("changes").NoQuery("platform").ReplyFunc(importBody(t, "fs tar"))
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: terminal})
			assert.NilError(t, run(t, newImportCommand(cli), archive))
			assert.Equal(t, cli.OutBuf.String(), idChild+"\n")
		})
	}
	t.Run("stdin with every flag", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/images/create").Query("fromSrc", "-").Query("repo", "skf:a").Query("message", "hello").
			Query("changes", "LABEL skf=1").Query("changes", `CMD ["sh"]`).Query("platform", "linux/amd64").
			ReplyFunc(importBody(t, "from stdin"))
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "from stdin"})
		assert.NilError(t, run(t, newImportCommand(cli),
			"-c", "LABEL skf=1", "--change", `CMD ["sh"]`, "-m", "hello", "--platform", "linux/amd64", "-", "skf:a", "ignored"))
		assert.Equal(t, cli.OutBuf.String(), idChild+"\n")
	})
	t.Run("url", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/images/create").Query("fromSrc", "https://example.invalid/fs.tar").ReplyFunc(importBody(t, ""))
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "not read"})
		assert.NilError(t, run(t, newImportCommand(cli), "https://example.invalid/fs.tar"))
		assert.Equal(t, cli.OutBuf.String(), idChild+"\n")
	})
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no argument", nil, "docker: 'import' requires at least 1 argument"},
		{"missing file", []string{"/nonexistent/fs.tar"}, "open /nonexistent/fs.tar: no such file or directory"},
		// only http:// and https:// are URLs, as docker tells them
		{"other scheme", []string{"ftp://x/y"}, "open ftp://x/y: no such file or directory"},
		{"missing file before a bad reference", []string{"/nonexistent/fs.tar", "BAD"}, "open /nonexistent/fs.tar: no such file or directory"},
		{"bad reference", []string{"-", "BAD"}, "invalid reference format: repository name (library/BAD) must be lowercase"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t) // no request
			cli := clitest.New(t, e.Host())
			msg, code := errText(run(t, newImportCommand(cli), tc.args...))
			assert.Equal(t, firstLine(msg), tc.want)
			assert.Equal(t, code, 1)
		})
	}
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/images/create").ReplyError(400, "bogus is not a valid change command")
		cli := clitest.New(t, e.Host())
		msg, code := errText(run(t, newImportCommand(cli), "-c", "BOGUS x", "-"))
		assert.Equal(t, msg, "Error response from daemon: bogus is not a valid change command")
		assert.Equal(t, code, 1)
	})
}
