package client

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// dialStdio opens a session on the command's ssh connection running the remote
// `docker system dial-stdio` (with --host for a socket the URL names, as docker runs
// it) and returns its stdin and stdout as the connection to the engine.
func (s *sshDialer) dialStdio(cl *ssh.Client) (net.Conn, error) {
	sess, err := cl.NewSession()
	if err != nil {
		return nil, &sshError{msg: "ssh: " + s.dest + ": " + strings.TrimPrefix(err.Error(), "ssh: ")}
	}
	cmd := "docker system dial-stdio"
	if s.url.path != "" {
		cmd = "docker --host " + shellQuote("unix://"+s.url.path) + " system dial-stdio"
	}
	c := &stdioConn{sess: sess, cmd: cmd, dest: s.dest, used: make(chan struct{})}
	sess.Stderr = &c.stderr
	if c.stdin, err = sess.StdinPipe(); err == nil {
		c.stdout, err = sess.StdoutPipe()
	}
	if err == nil {
		err = sess.Start(cmd)
	}
	if err != nil {
		sess.Close()
		return nil, &sshError{msg: "ssh: " + s.dest + ": " + strings.TrimPrefix(err.Error(), "ssh: ")}
	}
	return c, nil
}

// shellQuote quotes s for the remote user's shell.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// stdioConn is a remote `docker system dial-stdio` seen as a connection: writes go to
// its stdin, CloseWrite closes it (the engine sees EOF), reads come from its stdout.
// When the command ends having sent nothing, the read fails with its exit status and
// stderr, as docker reports a remote side that could not dial.
type stdioConn struct {
	sess   *ssh.Session
	cmd    string
	dest   string
	stdin  io.WriteCloser
	stdout io.Reader
	stderr tailBuffer

	readAny   atomic.Bool // the reader and the writer are different goroutines
	closeOnce sync.Once
	exitOnce  sync.Once
	exitErr   error
	used      chan struct{} // closed by the first write, half-close or close
	usedOnce  sync.Once
}

func (c *stdioConn) Read(p []byte) (int, error) {
	n, err := c.stdout.Read(p)
	if n > 0 {
		c.readAny.Store(true)
	}
	if err == io.EOF && !c.readAny.Load() {
		// Reported once the request is on its way: an HTTP transport reading ahead
		// of its first request takes an early error for a dead idle connection and
		// words it as its own ("readLoopPeekFailLocked: ...").
		<-c.used
		return n, c.exitError()
	}
	return n, err
}

// markUsed notes the first write, half-close or close.
func (c *stdioConn) markUsed() { c.usedOnce.Do(func() { close(c.used) }) }

// exitError is the command's end, worded as docker words a dial-stdio that failed
// (waited for once: the read and the write side may both meet it).
func (c *stdioConn) exitError() error {
	c.exitOnce.Do(func() { c.exitErr = c.waitExit() })
	return c.exitErr
}

func (c *stdioConn) waitExit() error {
	werr := c.sess.Wait()
	status := 0
	var ee *ssh.ExitError
	var missing *ssh.ExitMissingError
	switch {
	case errors.As(werr, &ee):
		status = ee.ExitStatus()
	case errors.As(werr, &missing):
		status = 255
	case werr != nil:
		return &sshError{msg: "ssh: " + c.dest + ": " + strings.TrimPrefix(werr.Error(), "ssh: ")}
	default:
		return io.EOF
	}
	if status == 1 && strings.Contains(c.stderr.String(), "failed to open the raw stream connection") {
		return &sshSocketError{dest: c.dest, msg: c.stderr.String()}
	}
	return &sshError{msg: fmt.Sprintf("command [%s] on %s has exited with exit status %d, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=%s",
		c.cmd, c.dest, status, c.stderr.String())}
}

// Write fails with the command's end when the command is gone before it answered
// anything (it ended at once: no docker there, no engine): that, not a closed pipe, is
// what went wrong.
func (c *stdioConn) Write(p []byte) (int, error) {
	defer c.markUsed()
	n, err := c.stdin.Write(p)
	if err != nil && !c.readAny.Load() {
		if xerr := c.exitError(); xerr != io.EOF {
			return n, xerr
		}
	}
	return n, err
}

func (c *stdioConn) CloseWrite() error {
	defer c.markUsed()
	return c.stdin.Close()
}

func (c *stdioConn) Close() error {
	c.markUsed()
	c.closeOnce.Do(func() { c.sess.Close() })
	return nil
}

func (c *stdioConn) LocalAddr() net.Addr                { return stdioAddr{} }
func (c *stdioConn) RemoteAddr() net.Addr               { return stdioAddr{} }
func (c *stdioConn) SetDeadline(t time.Time) error      { return noDeadline{} }
func (c *stdioConn) SetReadDeadline(t time.Time) error  { return noDeadline{} }
func (c *stdioConn) SetWriteDeadline(t time.Time) error { return noDeadline{} }

type noDeadline struct{}

func (noDeadline) Error() string { return "ssh: dial-stdio connection: deadlines are not supported" }

type stdioAddr struct{}

func (stdioAddr) Network() string { return "dial-stdio" }
func (stdioAddr) String() string  { return "dial-stdio" }

// tailBuffer keeps the last 4 KiB written: a remote command's stderr, for its error.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	const max = 4 << 10
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > max {
		b.buf = b.buf[len(b.buf)-max:]
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimRight(string(b.buf), "\n")
}
