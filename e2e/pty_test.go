//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/moby/term"
)

// ptySession is a client running on a pseudo-terminal of its own (as its
// controlling terminal, so that resizes deliver SIGWINCH).
type ptySession struct {
	t      *testing.T
	ptmx   *os.File // our side
	tty    *os.File // the client's terminal (kept open to read its mode)
	cmd    *exec.Cmd
	before term.State

	mu   sync.Mutex
	cond *sync.Cond
	out  bytes.Buffer
	eof  bool
	done chan struct{}
	code int
}

func ptyStart(t *testing.T, bin, home string, args ...string) *ptySession {
	t.Helper()
	return ptyStartEnv(t, bin, home, nil, args...)
}

// ptyStartEnv is ptyStart with more environment (a key in env replaces the clean one's).
func ptyStartEnv(t *testing.T, bin, home string, env []string, args ...string) *ptySession {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	st, err := term.SaveState(tty.Fd())
	if err != nil {
		t.Fatal(err)
	}
	s := &ptySession{t: t, ptmx: ptmx, tty: tty, before: *st, done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv(home, append([]string{"TERM=xterm"}, env...))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.cmd = cmd
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			// Answer cursor-position queries as a terminal would: busybox's shell sends
			// one after a resize and reads the reply from its input, where it would
			// otherwise swallow the test's next command.
			if bytes.Contains(buf[:n], []byte("\x1b[6n")) {
				_, _ = ptmx.Write([]byte("\x1b[1;1R"))
			}
			s.mu.Lock()
			s.out.Write(buf[:n])
			if err != nil {
				s.eof = true
			}
			s.cond.Broadcast()
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		err := cmd.Wait()
		s.code = 0
		if ee, ok := err.(*exec.ExitError); ok {
			s.code = ee.ExitCode()
		}
		close(s.done)
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			<-s.done
		}
		ptmx.Close()
		tty.Close()
	})
	return s
}

// expect waits until the output (since the last expect) contains want.
func (s *ptySession) expect(want string) {
	s.t.Helper()
	s.until(want)
}

// until waits for want in the output and returns (and consumes) what came
// before it.
func (s *ptySession) until(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	timer := time.AfterFunc(20*time.Second, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if i := strings.Index(s.out.String(), want); i >= 0 {
			before := string(s.out.Next(i))
			s.out.Next(len(want))
			return before
		}
		if time.Now().After(deadline) || s.eof {
			s.t.Fatalf("pty: %q not seen; output so far: %q", want, s.out.String())
		}
		s.cond.Wait()
	}
}

func (s *ptySession) send(in string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(in)); err != nil {
		s.t.Fatal(err)
	}
}

// wait returns the client's exit code.
func (s *ptySession) wait() int {
	s.t.Helper()
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.t.Fatalf("pty: client did not exit; output: %q", s.out.String())
	}
	return s.code
}

// modeRestored asserts the terminal's mode is what it was before the client ran.
func (s *ptySession) modeRestored() {
	s.t.Helper()
	st, err := term.SaveState(s.tty.Fd())
	if err != nil {
		s.t.Fatal(err)
	}
	if *st != s.before {
		s.t.Errorf("terminal mode not restored:\n before %+v\n after  %+v", s.before, *st)
	}
}

// Typed input reaches the container, its output comes back, the exit code is the
// shell's and the terminal is as it was.
func TestPtyRunInteractive(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	s := ptyStart(t, skiffBin, homesOf(t).skiff, "run", "-it", "--rm", "--label", f.Label(), Image, "sh")
	s.expect("/ # ")
	if st, err := term.SaveState(s.tty.Fd()); err != nil || *st == s.before {
		t.Errorf("the terminal is not in raw mode during the session (%v)", err)
	}
	s.send("echo hi-$((40+2))\r")
	s.expect("hi-42")
	s.send("exit 7\r")
	if code := s.wait(); code != 7 {
		t.Errorf("exit code %d, want 7", code)
	}
	s.modeRestored()
}

// The container's terminal follows the window size: at start and on resize.
func TestPtyRunResize(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	s := ptyStart(t, skiffBin, homesOf(t).skiff, "run", "-it", "--rm", "--label", f.Label(), Image, "sh")
	s.expect("/ # ")
	// the size is sent right after start, racing the shell: ask until it arrived
	ptyAwaitSize(t, s, "24 80")
	if err := pty.Setsize(s.ptmx, &pty.Winsize{Rows: 40, Cols: 123}); err != nil {
		t.Fatal(err)
	}
	// the resize travels SIGWINCH → skiff → engine
	ptyAwaitSize(t, s, "40 123")
	s.send("exit\r")
	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	s.modeRestored()
}

// ptyAwaitSize asks the shell in the container for its terminal size until it is want.
func ptyAwaitSize(t *testing.T, s *ptySession, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for tries := 1; ; tries++ {
		s.send("stty size\r")
		last := s.until("/ # ")
		if strings.Contains(last, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the container's terminal never reported %q (%d tries, the last answer: %q)", want, tries, last)
		}
	}
}

// ctrl-p ctrl-q detaches: run ends with 0, prints nothing, the container keeps
// running and the terminal is restored; --detach-keys changes the sequence.
func TestPtyRunDetach(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, tc := range []struct {
		flags []string
		keys  string
	}{
		{nil, "\x10\x11"},
		{[]string{"--detach-keys", "ctrl-a,x"}, "\x01x"},
	} {
		name := f.Name()
		args := append(append([]string{"run", "-it", "--name", name, "--label", f.Label()}, tc.flags...), Image, "sh")
		s := ptyStart(t, skiffBin, homesOf(t).skiff, args...)
		s.expect("/ # ")
		s.send(tc.keys)
		if code := s.wait(); code != 0 {
			t.Errorf("%v: exit code %d, want 0", tc.flags, code)
		}
		s.modeRestored()
		if r := Ref(t, "inspect", "-f", "{{.State.Running}}", name); strings.TrimSpace(r.Stdout) != "true" {
			t.Errorf("container not running after detach: %s", r)
		}
		// attach again, detach again: attach says "read escape sequence" and exits 1,
		// like the reference
		for _, who := range []string{"ref", "skiff"} {
			bin, home := clientOf(t, who)
			a := ptyStart(t, bin, home, append(append([]string{"attach"}, tc.flags...), name)...)
			a.send("\r")
			a.expect("/ # ")
			a.send(tc.keys)
			a.expect("read escape sequence")
			if code := a.wait(); code != 1 {
				t.Errorf("%s attach detach: exit %d, want 1", who, code)
			}
			a.modeRestored()
		}
	}
}

// exec -it: input and output through the terminal, exit code of the process.
func TestPtyExec(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	c, _ := f.Container(Image, "sleep", "300")
	f.Start(c)
	s := ptyStart(t, skiffBin, homesOf(t).skiff, "exec", "-it", c, "sh")
	s.expect("/ # ")
	ptyAwaitSize(t, s, "24 80")
	s.send("exit 9\r")
	if code := s.wait(); code != 9 {
		t.Errorf("exit code %d, want 9", code)
	}
	s.modeRestored()
	// detaching from exec: "read escape sequence" and exit 1, like the reference
	for _, who := range []string{"ref", "skiff"} {
		bin, home := clientOf(t, who)
		a := ptyStart(t, bin, home, "exec", "-it", c, "sh")
		a.expect("/ # ")
		a.send("\x10\x11")
		a.expect("read escape sequence")
		if code := a.wait(); code != 1 {
			t.Errorf("%s exec detach: exit %d, want 1", who, code)
		}
		a.modeRestored()
	}
}

// ptyRun runs bin on a fresh terminal cols wide (its stdin, stdout and stderr), types
// input, and returns all it wrote and its exit code.
func ptyRun(t *testing.T, bin, home string, env []string, cols uint16, input string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv(home, append([]string{"TERM=xterm"}, env...))
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: cols})
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	if input != "" {
		ptmx.Write([]byte(input)) // the terminal holds it until the client reads
	}
	var out bytes.Buffer
	buf := make([]byte, 32<<10)
	for {
		n, err := ptmx.Read(buf)
		out.Write(buf[:n])
		if err != nil { // EIO once the client has exited and everything was read
			if !errors.Is(err, syscall.EIO) && !errors.Is(err, os.ErrClosed) {
				t.Logf("pty read: %v", err)
			}
			break
		}
	}
	code := 0
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%s: %v", bin, err)
		}
		code = ee.ExitCode()
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out", bin, quoteArgs(args))
	}
	return out.String(), code
}
