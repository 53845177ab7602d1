package container

import (
	"bufio"
	"net"
	"net/http"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// The daemon dies with an exec's stream: the exec's inspect cannot reach
// it, and docker exits -1 (255) without a message.
func TestStreamFailExecDaemonGone(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c1/json").Reply(200, `{"Id":"c1","State":{"Running":true}}`)
	e.Expect("POST", "/containers/c1/exec").Reply(201, `{"Id":"e1"}`)
	e.Expect("POST", "/exec/e1/start").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
		_, _ = conn.Write(streamFrame(1, "partial"))
		e.Close() // the socket goes away; this connection is closed on return
	})
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newExecCommand(cli), "c1", "cat")
	assert.Equal(t, commands.ExitCode(err), 255)
	assert.Equal(t, commands.Message(err), "")
	assert.Equal(t, cli.OutBuf.String(), "partial")
}

// The container stopped between the check and the attach: docker's
// refusal, not a wait for an exit that has already happened.
func TestStreamFailAttachStoppedMeanwhile(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/web/wait").ReplyFunc(streamWaitAnswer(nil, 0))
	e.Expect("GET", "/containers/web/json").Reply(200, `{"Id":"c1","State":{"Running":true},"Config":{}}`)
	e.Expect("POST", "/containers/web/attach").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {})
	e.Expect("GET", "/containers/web/json").Reply(200, `{"Id":"c1","State":{"Running":false},"Config":{}}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newAttachCommand(cli), "web")
	assert.Equal(t, commands.Message(err), "You cannot attach to a stopped container, start it first")
	assert.Equal(t, commands.ExitCode(err), 1)
}

// The wait's answer breaks (the daemon died): attach says how, as docker
// does ("unexpected EOF"), exit 1.
func TestStreamFailAttachWaitBroken(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("POST", "/containers/web/wait").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-release // then end the response without a body
	})
	e.Expect("GET", "/containers/web/json").Times(2).Reply(200, `{"Id":"c1","State":{"Running":true},"Config":{}}`)
	e.Expect("POST", "/containers/web/attach").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
		_, _ = conn.Write(streamFrame(1, "out"))
		close(release)
	})
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newAttachCommand(cli), "--sig-proxy=false", "web")
	assert.Equal(t, commands.Message(err), "unexpected EOF")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "out")
}
