package container

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// Several containers: each name printed, each error on stderr, then docker's summary.
func TestStartSeveral(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/start").Reply(204, nil)
	e.Expect("POST", "/containers/nope/start").ReplyError(404, "No such container: nope")
	e.Expect("POST", "/containers/b/start").Reply(304, nil) // already running: fine
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newStartCommand(cli), "a", "nope", "b")
	assert.Equal(t, cli.OutBuf.String(), "a\nb\n")
	assert.Equal(t, cli.ErrBuf.String(), "Error response from daemon: No such container: nope\n")
	assert.Equal(t, commands.Message(err), "Error: failed to start containers: nope")
	assert.Equal(t, commands.ExitCode(err), 1)
}

// -a -i: attach (with stdin as the container has OpenStdin), wait, start;
// the container's code is start's.
func TestStartAttached(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("GET", "/containers/web/json").Reply(200, `{"Id":"c1","Config":{"OpenStdin":true}}`)
	e.Expect("POST", "/containers/c1/attach").Query("stdin", "1").Query("stdout", "1").Query("stderr", "1").
		ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
			b, _ := io.ReadAll(in)
			_, _ = conn.Write(streamFrame(1, "got "+string(b)))
			close(release)
		})
	e.Expect("POST", "/containers/c1/wait").Query("condition", "next-exit").ReplyFunc(streamWaitAnswer(release, 6))
	e.Expect("POST", "/containers/c1/start").Reply(204, nil)
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "x"})
	err := clitest.Run(t, newStartCommand(cli), "-a", "-i", "web")
	assert.Equal(t, commands.ExitCode(err), 6)
	assert.Equal(t, cli.OutBuf.String(), "got x")
}

func TestStartAttachedErrors(t *testing.T) {
	cli := clitest.New(t, fakeengine.New(t).Host())
	err := clitest.Run(t, newStartCommand(cli), "-a", "x", "y")
	assert.Equal(t, commands.Message(err), "you cannot start and attach multiple containers at once")

	// a start failure ends the session with the daemon's error
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/x/json").Reply(200, `{"Id":"x","Config":{}}`)
	e.Expect("POST", "/containers/x/attach").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) { _, _ = io.ReadAll(in) })
	e.Expect("POST", "/containers/x/wait").ReplyFunc(streamWaitAnswer(nil, 0))
	e.Expect("POST", "/containers/x/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = io.WriteString(w, `{"message":"exec: \"nosuchcmd\": executable file not found in $PATH"}`)
	})
	cli = clitest.New(t, e.Host())
	err = clitest.Run(t, newStartCommand(cli), "-a", "x")
	assert.Equal(t, commands.Message(err), `Error response from daemon: exec: "nosuchcmd": executable file not found in $PATH`)
	assert.Equal(t, commands.ExitCode(err), 1)
}

// -ai on a TTY container with stdin not a terminal: no "not a TTY" error (docker's
// start does not check); stdin is copied and the output comes raw.
func TestStartAttachedTTYFromPipe(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("GET", "/containers/web/json").Reply(200, `{"Id":"c1","Config":{"OpenStdin":true,"Tty":true}}`)
	e.Expect("POST", "/containers/c1/attach").Query("stdin", "1").
		ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
			b, _ := io.ReadAll(in)
			_, _ = conn.Write([]byte("raw " + string(b)))
			close(release)
		})
	e.Expect("POST", "/containers/c1/wait").ReplyFunc(streamWaitAnswer(release, 3))
	e.Expect("POST", "/containers/c1/start").Reply(204, nil)
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "exit 3\n"})
	err := clitest.Run(t, newStartCommand(cli), "-ai", "web")
	assert.Equal(t, commands.ExitCode(err), 3)
	assert.Equal(t, cli.OutBuf.String(), "raw exit 3\n")
}
