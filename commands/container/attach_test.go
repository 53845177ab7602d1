package container

import (
	"bufio"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// attach: the wait is registered first; stdin is attached when the
// container keeps it open (the state checked again once attached, as
// docker does); the exit code is the container's.
func TestAttach(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("POST", "/containers/web/wait").NoQuery("condition").ReplyFunc(streamWaitAnswer(release, 5))
	e.Expect("GET", "/containers/web/json").Times(2).Reply(200, `{"Id":"c1","State":{"Running":true},"Config":{"OpenStdin":true}}`)
	e.Expect("POST", "/containers/web/attach").Query("stdin", "1").Query("stdout", "1").Query("stderr", "1").
		Query("stream", "1").Query("detachKeys", "ctrl-x").
		ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
			b, _ := io.ReadAll(in)
			_, _ = conn.Write(streamFrame(1, "got "+string(b)))
			close(release)
		})
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "hi"})
	err := clitest.Run(t, newAttachCommand(cli), "--detach-keys", "ctrl-x", "web")
	assert.Equal(t, commands.ExitCode(err), 5)
	assert.Equal(t, cli.OutBuf.String(), "got hi")
}

// --no-stdin: stdin is not attached even though the container keeps it open.
func TestAttachNoStdin(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	close(release)
	e.Expect("POST", "/containers/web/wait").ReplyFunc(streamWaitAnswer(release, 0))
	e.Expect("GET", "/containers/web/json").Times(2).Reply(200, `{"Id":"c1","State":{"Running":true},"Config":{"OpenStdin":true}}`)
	e.Expect("POST", "/containers/web/attach").NoQuery("stdin").
		ReplyHijack("", func(conn net.Conn, in *bufio.Reader) { _, _ = conn.Write(streamFrame(2, "bye")) })
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "hi"})
	assert.NilError(t, clitest.Run(t, newAttachCommand(cli), "--no-stdin", "--sig-proxy=false", "web"))
	assert.Equal(t, cli.ErrBuf.String(), "bye")
}

func TestAttachRefused(t *testing.T) {
	for state, msg := range map[string]string{
		`{"Running":false}`:                  "You cannot attach to a stopped container, start it first",
		`{"Running":true,"Paused":true}`:     "You cannot attach to a paused container, unpause it first",
		`{"Running":true,"Restarting":true}`: "You cannot attach to a restarting container, wait until it is running",
	} {
		e := fakeengine.New(t)
		e.Expect("POST", "/containers/c/wait").ReplyFunc(streamWaitAnswer(nil, 0))
		e.Expect("GET", "/containers/c/json").Reply(200, `{"Id":"c","State":`+state+`,"Config":{}}`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newAttachCommand(cli), "c")
		assert.Equal(t, commands.Message(err), msg)
		assert.Equal(t, commands.ExitCode(err), 1)
	}
	// a TTY container needs a terminal unless --no-stdin
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/c/wait").ReplyFunc(streamWaitAnswer(nil, 0))
	e.Expect("GET", "/containers/c/json").Reply(200, `{"Id":"c","State":{"Running":true},"Config":{"Tty":true}}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newAttachCommand(cli), "c")
	assert.Equal(t, commands.Message(err), "the input device is not a TTY")
}

// config.json's detachKeys is used when --detach-keys is not given.
func TestAttachConfigDetachKeys(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	close(release)
	e.Expect("POST", "/containers/web/wait").ReplyFunc(streamWaitAnswer(release, 0))
	e.Expect("GET", "/containers/web/json").Times(2).Reply(200, `{"Id":"c1","State":{"Running":true},"Config":{}}`)
	e.Expect("POST", "/containers/web/attach").Query("detachKeys", "ctrl-e,e").
		ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {})
	cli := clitest.New(t, e.Host())
	assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(`{"detachKeys":"ctrl-e,e"}`), 0o600))
	assert.NilError(t, clitest.Run(t, newAttachCommand(cli), "web"))
}
