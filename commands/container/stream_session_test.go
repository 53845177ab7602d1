package container

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/moby/term"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/streams"
)

// Non-TTY: frames are split to stdout and stderr, stdin is copied and
// half-closed at EOF, the session ends with the output.
func TestStreamSessionDemux(t *testing.T) {
	cli := clitest.New(t, "", clitest.Options{Stdin: "input"})
	conn := newStreamFakeConn()
	out := io.MultiReader(bytes.NewReader(streamFrame(1, "out1 ")), bytes.NewReader(streamFrame(2, "err")),
		bytes.NewReader(streamFrame(1, "out2")))
	// the output ends only after stdin was half-closed
	gate := &streamGateReader{r: out, conn: conn}
	s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(conn, gate), stdin: true, stdout: cli.Out(), stderr: cli.Err()})
	assert.NilError(t, err)
	defer s.close()
	assert.NilError(t, s.wait(context.Background()))
	assert.Equal(t, cli.OutBuf.String(), "out1 out2")
	assert.Equal(t, cli.ErrBuf.String(), "err")
	in, closedWrite, closed := conn.stdin()
	assert.Equal(t, in, "input")
	assert.Assert(t, closedWrite)
	assert.Assert(t, closed)
}

// streamGateReader serves r only once conn has been half-closed.
type streamGateReader struct {
	r    io.Reader
	conn *streamFakeConn
}

func (g *streamGateReader) Read(p []byte) (int, error) {
	select {
	case <-g.conn.halfClosedC:
		return g.r.Read(p)
	case <-time.After(5 * time.Second):
		return 0, io.ErrUnexpectedEOF
	}
}

// TTY: the output is copied raw (no demux); a stream nobody attached is discarded.
func TestStreamSessionTTY(t *testing.T) {
	cli := clitest.New(t, "")
	conn := newStreamFakeConn()
	raw := string(streamFrame(1, "looks like a frame"))
	s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(conn, strings.NewReader(raw)), tty: true, stdout: cli.Out()})
	assert.NilError(t, err)
	assert.NilError(t, s.wait(context.Background()))
	assert.Equal(t, cli.OutBuf.String(), raw)

	cli = clitest.New(t, "")
	s, err = streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(newStreamFakeConn(), bytes.NewReader(streamFrame(1, "x"))), stderr: cli.Err()})
	assert.NilError(t, err)
	assert.NilError(t, s.wait(context.Background()))
	assert.Equal(t, cli.OutBuf.String(), "")
}

// streamPtyCli is a Cli whose stdin and stdout are a real terminal.
func streamPtyCli(t *testing.T) (commands.Cli, *streamTerm) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	assert.NilError(t, pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 90}))
	st, err := term.SaveState(tty.Fd())
	assert.NilError(t, err)
	var errb bytes.Buffer
	cli := commands.NewDockerCli(streams.NewIn(tty), streams.NewOut(tty), streams.NewOut(&errb))
	return cli, &streamTerm{ptmx: ptmx, fd: tty.Fd(), before: *st}
}

type streamTerm struct {
	ptmx   interface{ Write([]byte) (int, error) }
	fd     uintptr
	before term.State
}

func (s *streamTerm) state(t *testing.T) term.State {
	st, err := term.SaveState(s.fd)
	assert.NilError(t, err)
	return *st
}

// On a terminal: raw mode while the session runs, the detach keys end it
// (the keys are not sent, what came before is), the terminal is restored,
// and the size is sent at start.
func TestStreamSessionDetachRestoresTerminal(t *testing.T) {
	for _, tc := range []struct {
		keys, typed, sent string
	}{
		{"", "ls\x10\x11", "ls"},
		{"ctrl-a,b", "x\x10\x11\x01b", "x\x10\x11"},
	} {
		cli, tm := streamPtyCli(t)
		conn := newStreamFakeConn()
		var sizes []string
		s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(conn, conn), tty: true, stdin: true,
			stdout: cli.Out(), detachKeys: tc.keys,
			resize: func(ctx context.Context, h, w uint) error {
				sizes = append(sizes, fmt.Sprintf("%dx%d", h, w))
				return nil
			}})
		assert.NilError(t, err)
		assert.Assert(t, tm.state(t) != tm.before, "not raw")
		s.monitorSize(context.Background())
		_, err = tm.ptmx.Write([]byte(tc.typed))
		assert.NilError(t, err)
		err = s.wait(context.Background())
		assert.Assert(t, streamIsDetach(err), "got %v", err)
		assert.Equal(t, err.Error(), "read escape sequence")
		in, _, closed := conn.stdin()
		assert.Equal(t, in, tc.sent)
		assert.Assert(t, closed)
		assert.Equal(t, tm.state(t), tm.before)
		assert.DeepEqual(t, sizes, []string{"30x90"})
	}
}

// With redraw (attach), the first size goes out one larger, then as it is: the
// process sees its terminal change and redraws, as with docker 28's attach.
func TestStreamSessionRedrawSize(t *testing.T) {
	for _, redraw := range []bool{false, true} {
		cli, tm := streamPtyCli(t)
		conn := newStreamFakeConn()
		var sizes []string
		s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(conn, conn), tty: true, stdin: true,
			stdout: cli.Out(), redraw: redraw,
			resize: func(ctx context.Context, h, w uint) error {
				sizes = append(sizes, fmt.Sprintf("%dx%d", h, w))
				return nil
			}})
		assert.NilError(t, err)
		s.monitorSize(context.Background())
		s.close()
		assert.Equal(t, tm.state(t), tm.before)
		want := []string{"30x90"}
		if redraw {
			want = []string{"31x91", "30x90"}
		}
		assert.DeepEqual(t, sizes, want)
	}
}

// The terminal is restored when the output ends first, and when the
// command panics with the session open (close is deferred).
func TestStreamSessionRestoreOnEndAndPanic(t *testing.T) {
	cli, tm := streamPtyCli(t)
	s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(newStreamFakeConn(), strings.NewReader("bye")), tty: true, stdin: true, stdout: io.Discard})
	assert.NilError(t, err)
	assert.NilError(t, s.wait(context.Background()))
	assert.Equal(t, tm.state(t), tm.before)

	func() {
		defer func() { _ = recover() }()
		s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(newStreamFakeConn(), newStreamFakeConn()), tty: true, stdin: true})
		assert.NilError(t, err)
		defer s.close()
		assert.Assert(t, tm.state(t) != tm.before, "not raw")
		panic("boom")
	}()
	assert.Equal(t, tm.state(t), tm.before)
}

// A done context ends the session and restores the terminal.
func TestStreamSessionContext(t *testing.T) {
	cli, tm := streamPtyCli(t)
	conn := newStreamFakeConn()
	s, err := streamOpen(cli, streamConfig{signals: streamTestSignals(t), resp: streamFakeResponse(conn, conn), tty: true, stdin: true})
	assert.NilError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, s.wait(ctx), context.Canceled)
	assert.Equal(t, tm.state(t), tm.before)
}

// SIGINT/SIGTERM do not end a session; the third one does, with docker's message.
func TestStreamSessionThirdInterrupt(t *testing.T) {
	cli := clitest.New(t, "")
	conn := newStreamFakeConn()
	sigs := streamTestSignals(t)
	s, err := streamOpen(cli, streamConfig{signals: sigs, resp: streamFakeResponse(conn, conn)})
	assert.NilError(t, err)
	defer s.close()
	// the signals as signal.Notify delivers them (real ones to this process
	// could be merged by the kernel; the e2e test sends real ones)
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT} {
		sigs.sigc <- sig
	}
	err = s.wait(context.Background())
	assert.Equal(t, commands.Message(err), "\ngot 3 SIGTERM/SIGINTs, forcefully exiting")
	assert.Equal(t, commands.ExitCode(err), 1)
}

// A session opened with endOnInterrupt (start -a, exec) ends at the first
// SIGINT/SIGTERM with streamInterrupted, as docker 28's do (exit 0).
func TestStreamSessionEndOnInterrupt(t *testing.T) {
	cli := clitest.New(t, "")
	conn := newStreamFakeConn()
	sigs := streamTestSignals(t)
	s, err := streamOpen(cli, streamConfig{signals: sigs, resp: streamFakeResponse(conn, conn), endOnInterrupt: true})
	assert.NilError(t, err)
	defer s.close()
	sigs.sigc <- syscall.SIGTERM
	assert.ErrorIs(t, s.wait(context.Background()), streamInterrupted)
}
