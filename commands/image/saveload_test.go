package image

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestSaveToStdout(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/images/get").Query("names", "skf:a").Query("names", "bb:latest").NoQuery("platform").Reply(200, "tar data")
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newSaveCommand(cli), "skf:a", "bb:latest"))
	assert.Equal(t, cli.OutBuf.String(), "tar data")
}

func TestSaveRefusesTerminal(t *testing.T) {
	e := fakeengine.New(t) // no request
	cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
	msg, code := errText(run(t, newSaveCommand(cli), "skf:a"))
	assert.Equal(t, msg, "cowardly refusing to save to a terminal. Use the -o flag or redirect")
	assert.Equal(t, code, 1)
}

func TestSaveToFileAtomically(t *testing.T) {
	e := fakeengine.New(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.tar")
	assert.NilError(t, os.WriteFile(out, []byte("old"), 0o644))
	e.Expect("GET", "/images/get").Query("names", "broken").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.Write([]byte(strings.Repeat("x", 1000)))
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the stream breaks half way
	})
	e.Expect("GET", "/images/get").Query("names", "nosuch").ReplyError(404, "No such image: nosuch")
	e.Expect("GET", "/images/get").Query("names", "skf:a").Reply(200, "tar data")
	cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})

	msg, code := errText(run(t, newSaveCommand(cli), "-o", out, "broken"))
	assert.Assert(t, strings.HasPrefix(msg, "failed to save image: "), msg)
	assert.Equal(t, code, 1)
	msg, code = errText(run(t, newSaveCommand(cli), "-o", out, "nosuch"))
	assert.Equal(t, msg, "Error response from daemon: No such image: nosuch")
	assert.Equal(t, code, 1)
	b, _ := os.ReadFile(out)
	assert.Equal(t, string(b), "old", "a failed save changed the target")
	onlyFiles(t, dir, "out.tar")

	assert.NilError(t, run(t, newSaveCommand(cli), "--output", out, "skf:a"))
	b, _ = os.ReadFile(out)
	assert.Equal(t, string(b), "tar data")
	fi, err := os.Stat(out)
	assert.NilError(t, err)
	assert.Equal(t, fi.Mode().Perm(), os.FileMode(0o600))
	onlyFiles(t, dir, "out.tar")
}

func TestSaveOutputChecks(t *testing.T) {
	e := fakeengine.New(t) // checked before any request
	dir := t.TempDir()
	cli := clitest.New(t, e.Host())
	for out, want := range map[string]string{
		filepath.Join(dir, "missing", "x.tar"): "failed to save image: invalid output path: stat " + filepath.Join(dir, "missing") + ": no such file or directory",
		dir:                                    "failed to save image: cannot write to a directory",
	} {
		msg, code := errText(run(t, newSaveCommand(cli), "-o", out, "skf:a"))
		assert.Equal(t, msg, want)
		assert.Equal(t, code, 1)
	}
	onlyFiles(t, dir)
}

func TestSavePlatform(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.48"
	e.Expect("GET", "/images/get").Query("names", "a").Query("platform", `{"architecture":"arm64","os":"linux"}`).Reply(200, "t")
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newSaveCommand(cli), "--platform", "linux/arm64", "a"))
	assert.Equal(t, cli.OutBuf.String(), "t")
}

func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	assert.NilError(t, err)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	assert.DeepEqual(t, got, want)
}

// loadStream is what an engine answers to a load with progress (quiet=0).
const loadStream = `{"status":"Loading layer","progressDetail":{"current":32768,"total":2048000},"progress":"[>    ]  32.77kB/2.048MB","id":"c3ada8a8945f"}
{"status":"Loading layer","progressDetail":{"current":2048000,"total":2048000},"progress":"[=====>]  2.048MB/2.048MB","id":"c3ada8a8945f"}
{"status":"Loading layer","progressDetail":{"current":1024,"total":1024},"id":"0e3f1a2b3c4d"}
{"stream":"Loaded image: skf:a\n"}
{"stream":"Loaded image ID: ` + idChild + `\n"}
`

// tarBody checks that the load's body is the archive as given, and its content type.
func tarBody(t *testing.T, want string, reply string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil || string(b) != want {
			t.Errorf("load body %q, %v; want %q", b, err, want)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/x-tar" {
			t.Errorf("Content-Type %q", ct)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, reply)
	}
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		terminal bool
		quiet    string
		reply    string
		golden   string
	}{
		{name: "pipe", quiet: "1", reply: `{"stream":"Loaded image: skf:a\n"}` + "\n", golden: "load-pipe.golden"},
		// an engine that sends progress all the same: through a pipe it is left out
		{name: "pipe progress", quiet: "1", reply: loadStream, golden: "load-pipe-progress.golden"},
		{name: "terminal", terminal: true, quiet: "0", reply: loadStream, golden: "load-terminal.golden"},
		{name: "terminal quiet", args: []string{"-q"}, terminal: true, quiet: "1", reply: `{"stream":"Loaded image: skf:a\n"}` + "\n",
			golden: "load-pipe.golden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("POST", "/images/load").Query("quiet", tc.quiet).NoQuery("platform").ReplyFunc(tarBody(t, "tar data", tc.reply))
			archive := filepath.Join(t.TempDir(), "a.tar")
			assert.NilError(t, os.WriteFile(archive, []byte("tar data"), 0o644))
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.terminal}) // a terminal stdin: -i is needed
			assert.NilError(t, run(t, newLoadCommand(cli), append(tc.args, "-i", archive)...))
			golden.Assert(t, cli.OutBuf.String(), tc.golden)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestLoadFromStdin(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/images/load").Query("quiet", "1").ReplyFunc(tarBody(t, "from stdin", `{"stream":"Loaded image: skf:a\n"}`))
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "from stdin"})
	assert.NilError(t, run(t, newLoadCommand(cli)))
	assert.Equal(t, cli.OutBuf.String(), "Loaded image: skf:a\n")
}

func TestLoadErrors(t *testing.T) {
	t.Run("terminal stdin", func(t *testing.T) {
		e := fakeengine.New(t) // no request
		cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
		msg, code := errText(run(t, newLoadCommand(cli), "-q"))
		assert.Equal(t, msg, "requested load from stdin, but stdin is empty")
		assert.Equal(t, code, 1)
	})
	t.Run("missing file", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		msg, code := errText(run(t, newLoadCommand(cli), "-i", "/nonexistent/x.tar"))
		assert.Equal(t, msg, "open /nonexistent/x.tar: no such file or directory")
		assert.Equal(t, code, 1)
	})
	t.Run("broken tar", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/images/load").ReplyFunc(tarBody(t, "garbage\n",
			`{"errorDetail":{"message":"Error processing tar file(exit status 1): unexpected EOF"},"error":"Error processing tar file(exit status 1): unexpected EOF"}`+"\n"))
		cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "garbage\n"})
		msg, code := errText(run(t, newLoadCommand(cli)))
		assert.Equal(t, msg, "Error processing tar file(exit status 1): unexpected EOF")
		assert.Equal(t, code, 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("argument", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		msg, code := errText(run(t, newLoadCommand(cli), "x"))
		assert.Equal(t, firstLine(msg), "docker: 'load' accepts no arguments")
		assert.Equal(t, code, 1)
	})
	t.Run("platform on an old engine", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		msg, code := errText(run(t, newLoadCommand(cli), "--platform", "linux/amd64"))
		assert.Equal(t, msg, `"--platform" requires API version 1.48, but the Docker daemon API version is 1.41`)
		assert.Equal(t, code, 1)
	})
}
