package cliplugins

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
)

// Environment variables docker 28 sets for a plugin it runs.
const (
	EnvOriginalCommand = "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"
	EnvSocket          = "DOCKER_CLI_PLUGIN_SOCKET"
)

// Invocation is one run of a plugin.
type Invocation struct {
	Plugin *Plugin
	// Argv0 is how the CLI was called (EnvOriginalCommand), Args the command line
	// after it, passed on as the user gave it (global options included).
	Argv0 string
	Args  []string
	// NoSocket leaves the plugin socket out, as docker does for `docker help NAME`.
	NoSocket bool
	Stdin    io.Reader
	Stdout   io.Writer
	Stderr   io.Writer
	// Signals are the SIGINTs and SIGTERMs the CLI gets (the plugin gets a terminal's
	// own): the first closes the plugin socket, which is how docker tells a plugin; the
	// third ends the CLI at once (Forced).
	Signals <-chan os.Signal
}

// errForced is Run's error when a third signal ended the CLI before the plugin.
var errForced = errors.New("got 3 SIGTERM/SIGINTs, forcefully exiting")

// IsForced reports the error of a run ended by a third signal.
func IsForced(err error) bool { return errors.Is(err, errForced) }

// Run runs the plugin and returns its exit status: its own, or 255 when a signal
// ended it (as docker's). The error is one of starting it, errForced, or the
// *exec.ExitError of a plugin that did not exit 0 (which `docker help NAME` shows).
func (inv Invocation) Run(ctx context.Context) (int, error) {
	cmd := exec.Command(inv.Plugin.Path, inv.Args...)
	cmd.Args[0] = inv.Plugin.Path
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inv.Stdin, inv.Stdout, inv.Stderr
	cmd.Env = append(os.Environ(), EnvOriginalCommand+"="+inv.Argv0)
	var sock *pluginSocket
	if !inv.NoSocket {
		s, err := listenSocket()
		if err == nil { // docker runs the plugin without a socket when it cannot make one
			sock = s
			defer sock.close()
			cmd.Env = append(cmd.Env, EnvSocket+"="+sock.addr)
		}
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	ctxDone := ctx.Done()
	for n := 0; ; {
		select {
		case err := <-done:
			return exitStatus(err)
		case s := <-inv.Signals:
			if s != syscall.SIGINT && s != syscall.SIGTERM {
				continue
			}
			n++
			if n == 1 && sock != nil {
				sock.close()
			}
			if n == 3 {
				return 1, errForced
			}
		case <-ctxDone:
			_ = cmd.Process.Kill()
			ctxDone = nil
		}
	}
}

func exitStatus(err error) (int, error) {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &ee):
		if code := ee.ExitCode(); code >= 0 {
			return code, err
		}
		return 255, err // ended by a signal: docker exits -1
	}
	return 0, err
}

// IsExit reports the error of a plugin that ran and did not exit 0.
func IsExit(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee)
}

// pluginSocket is the abstract unix socket docker offers a plugin: the plugin
// connects, and the CLI closes the connection to tell it of a signal. It takes one
// connection.
type pluginSocket struct {
	addr string
	l    net.Listener
	mu   sync.Mutex
	conn net.Conn
	shut bool
}

func listenSocket() (*pluginSocket, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	addr := "@docker_cli_" + hex.EncodeToString(b[:])
	l, err := net.Listen("unix", addr)
	if err != nil {
		return nil, err
	}
	s := &pluginSocket{addr: addr, l: l}
	go s.accept()
	return s, nil
}

func (s *pluginSocket) accept() {
	conn, err := s.l.Accept()
	_ = s.l.Close()
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shut {
		_ = conn.Close()
		return
	}
	s.conn = conn
}

// close closes the connection (the plugin reads EOF) and the listener.
func (s *pluginSocket) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shut = true
	_ = s.l.Close()
	if s.conn != nil {
		_ = s.conn.Close()
	}
}
