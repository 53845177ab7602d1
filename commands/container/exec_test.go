package container

import (
	"bufio"
	"io"
	"net"
	"testing"

	"github.com/moby/moby/api/types/container"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func execInspect(code int) container.ExecInspectResponse {
	return container.ExecInspectResponse{ID: "e1", ExitCode: &code}
}

// exec -i -e -u -w --privileged: the body docker sends, stdin to the
// process, its output split, its exit code the command's.
func TestExecAttached(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c1/json").Reply(200, `{"Id":"c1","State":{"Running":true}}`)
	e.Expect("POST", "/containers/c1/exec").JSONBody(map[string]any{
		"User": "u", "Privileged": true, "Tty": false, "AttachStdin": true, "AttachStdout": true, "AttachStderr": true,
		"Detach": false, "DetachKeys": "ctrl-b", "Env": []string{"A=1"}, "WorkingDir": "/w", "Cmd": []string{"cat", "-"},
	}).Reply(201, `{"Id":"e1"}`)
	e.Expect("POST", "/exec/e1/start").JSONBody(map[string]any{"Detach": false, "Tty": false}).
		Header("Upgrade", "tcp").
		ReplyHijack("application/vnd.docker.multiplexed-stream", func(conn net.Conn, in *bufio.Reader) {
			b, _ := io.ReadAll(in)
			_, _ = conn.Write(streamFrame(1, string(b)))
			_, _ = conn.Write(streamFrame(2, "e"))
		})
	e.Expect("GET", "/exec/e1/json").Reply(200, execInspect(4))
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "data"})
	err := clitest.Run(t, newExecCommand(cli), "-i", "-e", "A=1", "-u", "u", "-w", "/w", "--privileged",
		"--detach-keys", "ctrl-b", "c1", "cat", "-")
	assert.Equal(t, commands.ExitCode(err), 4)
	assert.Equal(t, commands.Message(err), "")
	assert.Equal(t, cli.OutBuf.String(), "data")
	assert.Equal(t, cli.ErrBuf.String(), "e")
}

// A command that cannot run: the daemon's message comes in the stream and
// the exit code (126/127) from the exec's inspect.
func TestExecNotFound(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c1/json").Reply(200, `{"Id":"c1"}`)
	e.Expect("POST", "/containers/c1/exec").BodyField("AttachStdin", false).Reply(201, `{"Id":"e1"}`)
	msg := "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nosuchcmd\": executable file not found in $PATH: unknown\r\n"
	e.Expect("POST", "/exec/e1/start").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
		_, _ = conn.Write(streamFrame(1, msg))
	})
	e.Expect("GET", "/exec/e1/json").Reply(200, execInspect(126))
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "ignored"})
	err := clitest.Run(t, newExecCommand(cli), "c1", "nosuchcmd")
	assert.Equal(t, commands.ExitCode(err), 126)
	assert.Equal(t, cli.OutBuf.String(), msg)
}

// -d: created and started detached, nothing attached, nothing printed.
func TestExecDetached(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c1/json").Reply(200, `{"Id":"c1"}`)
	e.Expect("POST", "/containers/c1/exec").BodyField("Detach", true).BodyField("AttachStdout", false).
		BodyField("AttachStdin", false).Reply(201, `{"Id":"e1"}`)
	e.Expect("POST", "/exec/e1/start").JSONBody(map[string]any{"Detach": true, "Tty": true}).Reply(200, "")
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newExecCommand(cli), "-d", "-t", "-i", "c1", "sleep", "1"))
	assert.Equal(t, cli.OutBuf.String(), "")
}

func TestExecErrors(t *testing.T) {
	// no such container: stops at the inspect
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/nope/json").ReplyError(404, "No such container: nope")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newExecCommand(cli), "nope", "true")
	assert.Equal(t, commands.Message(err), "Error response from daemon: No such container: nope")
	assert.Equal(t, commands.ExitCode(err), 1)

	// -it without a terminal
	e = fakeengine.New(t)
	e.Expect("GET", "/containers/c1/json").Reply(200, `{"Id":"c1"}`)
	cli = clitest.New(t, e.Host())
	err = clitest.Run(t, newExecCommand(cli), "-it", "c1", "sh")
	assert.Equal(t, commands.Message(err), "the input device is not a TTY")

	// a missing env file, before any request
	cli = clitest.New(t, fakeengine.New(t).Host())
	err = clitest.Run(t, newExecCommand(cli), "--env-file", "/nonexistent", "c1", "true")
	assert.Equal(t, commands.Message(err), "open /nonexistent: no such file or directory")

	cli = clitest.New(t, fakeengine.New(t).Host())
	err = clitest.Run(t, newExecCommand(cli), "c1")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.ErrorContains(t, err, "'exec' requires at least 2 arguments")
}
