package container

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// run -i: create, attach (stdin too), wait registered, then start; stdin
// reaches the container and is half-closed, the output is demultiplexed and
// the exit code is the container's.
func TestRunAttachedFlow(t *testing.T) {
	e := fakeengine.New(t)
	var waiting atomic.Bool
	release := make(chan struct{})
	e.Expect("POST", "/containers/create").Reply(201, `{"Id":"`+runTestID+`"}`)
	e.Expect("POST", "/containers/"+runTestID+"/attach").Query("stream", "1").Query("stdin", "1").
		Query("stdout", "1").Query("stderr", "1").NoQuery("detachKeys").
		ReplyHijack("application/vnd.docker.raw-stream", func(conn net.Conn, in *bufio.Reader) {
			b, _ := io.ReadAll(in) // until the client half-closes
			_, _ = conn.Write(streamFrame(1, "got "+string(b)))
			_, _ = conn.Write(streamFrame(2, "warn"))
			close(release)
		})
	e.Expect("POST", "/containers/"+runTestID+"/wait").Query("condition", "next-exit").
		ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
			waiting.Store(true)
			streamWaitAnswer(release, 3)(w, r)
		})
	e.Expect("POST", "/containers/"+runTestID+"/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		// the requests as they arrived (the hijack's handler runs after its 101 went out)
		var attach, wait bool
		for _, req := range e.Requests() {
			attach = attach || strings.Contains(req, "/attach?")
			wait = wait || strings.Contains(req, "/wait?")
		}
		if !attach || !waiting.Load() || !wait {
			t.Errorf("start before attach (%v) or wait (%v)", attach, wait)
		}
		w.WriteHeader(204)
	})
	cli := clitest.New(t, e.Host(), clitest.Options{Stdin: "hello"})
	err := clitest.Run(t, newRunCommand(cli), "-i", "bb", "cat")
	assert.Equal(t, commands.ExitCode(err), 3)
	assert.Equal(t, commands.Message(err), "")
	assert.Equal(t, cli.OutBuf.String(), "got hello")
	assert.Equal(t, cli.ErrBuf.String(), "warn")
}

// --rm waits for removal; -a stdout attaches that stream only; --detach-keys is passed on.
func TestRunRmAttachStdout(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("POST", "/containers/create").BodyField("AttachStdout", true).BodyField("AttachStderr", false).
		BodyField("HostConfig.AutoRemove", true).Reply(201, `{"Id":"c1"}`)
	e.Expect("POST", "/containers/c1/attach").Query("stdout", "1").NoQuery("stderr").NoQuery("stdin").
		Query("detachKeys", "ctrl-a").
		ReplyHijack("", func(conn net.Conn, in *bufio.Reader) {
			<-release
			_, _ = conn.Write(streamFrame(1, "out"))
		})
	e.Expect("POST", "/containers/c1/wait").Query("condition", "removed").ReplyFunc(streamWaitAnswer(release, 0))
	e.Expect("POST", "/containers/c1/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
		close(release)
	})
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRunCommand(cli), "--rm", "-a", "stdout", "--detach-keys", "ctrl-a", "bb")
	assert.NilError(t, err)
	assert.Equal(t, cli.OutBuf.String(), "out")
}

// -d: wait registered (for the removal with --rm, as docker), start, the full
// id printed; nothing attached.
func TestRunDetached(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").BodyField("AttachStdout", false).Reply(201, `{"Id":"`+runTestID+`"}`)
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	e.Expect("POST", "/containers/"+runTestID+"/wait").Query("condition", "removed").ReplyFunc(streamWaitAnswer(never, 0))
	e.Expect("POST", "/containers/"+runTestID+"/start").Reply(204, nil)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newRunCommand(cli), "-d", "--rm", "bb"))
	assert.Equal(t, cli.OutBuf.String(), runTestID+"\n")
}

// A failed start is reported like docker ("docker: ..." and the --help
// pointer) with 127 / 126 / 125 from the daemon's message.
func TestRunStartErrors(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		code int
	}{
		{`failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown`, 127},
		{`failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/etc": permission denied: unknown`, 126},
		{`driver failed programming external connectivity`, 125},
	} {
		e := fakeengine.New(t)
		e.Expect("POST", "/containers/create").Reply(201, `{"Id":"c1"}`)
		e.Expect("POST", "/containers/c1/wait").ReplyFunc(streamWaitAnswer(nil, 0)).AnyTimes()
		e.Expect("POST", "/containers/c1/start").ReplyError(400, tc.msg)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newRunCommand(cli), "-d", "bb", "x")
		assert.Equal(t, commands.ExitCode(err), tc.code)
		assert.Equal(t, commands.Message(err), "docker: Error response from daemon: "+tc.msg+"\n\nRun 'docker run --help' for more information")
		// nothing attached: docker prints the ID before the start, so also here
		assert.Equal(t, cli.OutBuf.String(), "c1\n")
	}
}

func TestRunStartExitCode(t *testing.T) {
	for msg, code := range map[string]int{
		`exec: "x": executable file not found in $PATH`: 127,
		`open /x: no such file or directory`:            127,
		`exec: "/etc": permission denied`:               126,
		`exec: "/etc": is a directory`:                  126,
		`something else`:                                125,
	} {
		assert.Equal(t, runStartExitCode(errString(msg)), code, msg)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// Checks made before anything is created, with docker's messages and codes.
func TestRunValidation(t *testing.T) {
	for _, tc := range []struct {
		args []string
		term bool
		msg  string
		code int
	}{
		{[]string{"-it", "bb"}, false, "the input device is not a TTY", 1},
		{[]string{"-d", "-a", "stdout", "bb"}, false, "conflicting options: cannot specify both --attach and --detach", 1},
		{[]string{"--rm", "--restart", "always", "bb"}, false, "docker: conflicting options: cannot specify both --restart and --rm\n\nRun 'docker run --help' for more information", 125},
	} {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.term})
		err := clitest.Run(t, newRunCommand(cli), tc.args...)
		assert.Equal(t, commands.Message(err), tc.msg, tc.args)
		assert.Equal(t, commands.ExitCode(err), tc.code, tc.args)
	}
}

// A daemon error on create is docker run's block, exit 125.
func TestRunCreateError(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").ReplyError(409, `Conflict. The container name "/x" is already in use`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRunCommand(cli), "--name", "x", "bb")
	assert.Equal(t, commands.ExitCode(err), 125)
	assert.Equal(t, commands.Message(err), "docker: Error response from daemon: Conflict. The container name \"/x\" is already in use\n\nRun 'docker run --help' for more information")
}

// The wait's answer breaks (the daemon went away): docker's message, exit 125.
func TestRunWaitBroken(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("POST", "/containers/create").Reply(201, `{"Id":"c1"}`)
	e.Expect("POST", "/containers/c1/attach").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) { <-release })
	e.Expect("POST", "/containers/c1/wait").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-release // then end the response without a body
	})
	e.Expect("POST", "/containers/c1/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
		close(release)
	})
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRunCommand(cli), "bb")
	assert.Equal(t, commands.ExitCode(err), 125)
	assert.Equal(t, commands.Message(err), "")
	// docker logs it when it happens: time="<RFC 3339>" level=error msg="..."
	assert.Assert(t, regexp.MustCompile(`^time="[0-9T:+Z-]+" level=error msg="error waiting for container: unexpected EOF"\n$`).MatchString(cli.ErrBuf.String()), cli.ErrBuf.String())
}

// A create error that is not the flags' own is mapped as a failed start is:
// docker exits 127 when --cidfile's directory does not exist.
func TestRunCreateErrorExitCode(t *testing.T) {
	e := fakeengine.New(t)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRunCommand(cli), "--cidfile", t.TempDir()+"/nodir/cid", "bb")
	assert.Equal(t, commands.ExitCode(err), 127)
	assert.Assert(t, strings.HasPrefix(commands.Message(err), "docker: failed to create the container ID file: "), commands.Message(err))
	// the flags' own errors stay 125, also when they name a missing file
	err = clitest.Run(t, newRunCommand(cli), "--env-file", t.TempDir()+"/nofile", "bb")
	assert.Equal(t, commands.ExitCode(err), 125)
}
