package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
)

// sshDefaultSocket is the engine socket on the remote host when the URL names none.
const sshDefaultSocket = "/var/run/docker.sock"

// sshConnectTimeout bounds the tcp connection and the ssh handshake, as docker's
// ConnectTimeout=30 bounds its ssh.
const sshConnectTimeout = 30 * time.Second

// sshURL is an ssh:// host as given: ssh://[user@]host[:port][/path].
type sshURL struct {
	user, host, port string
	path             string // "" when the URL has none
}

// parseSSHURL checks an ssh:// host with docker 28's rules and wording.
func parseSSHURL(h string) (sshURL, error) {
	u, err := url.Parse(h)
	if err != nil {
		return sshURL{}, err // docker shows url.Parse's error alone
	}
	invalid := func(reason string) error {
		return errors.New("ssh host connection is not valid: invalid SSH URL: " + reason)
	}
	if _, ok := u.User.Password(); ok {
		return sshURL{}, invalid("plain-text password is not supported")
	}
	if u.RawQuery != "" {
		return sshURL{}, invalid("query parameters are not allowed: \"" + u.RawQuery + "\"")
	}
	if u.Fragment != "" {
		return sshURL{}, invalid("fragments are not allowed: \"" + u.Fragment + "\"")
	}
	if u.Hostname() == "" {
		return sshURL{}, invalid("hostname is empty")
	}
	return sshURL{user: u.User.Username(), host: u.Hostname(), port: u.Port(), path: u.Path}, nil
}

// sshDialer reaches a remote engine through one native ssh connection, opened by the
// first dial and shared by every request and hijacked stream of the command (docker
// starts an ssh process per connection). Each connection is a
// direct-streamlocal@openssh.com channel to the remote engine's socket, so the remote
// host needs no docker binary; where the server refuses stream-local forwarding, each
// one is a session running `docker system dial-stdio` instead, as docker's are.
type sshDialer struct {
	url sshURL

	mu     sync.Mutex
	client *ssh.Client
	dest   string // user@host, for messages
	err    error  // a failed connection, remembered: the command fails once, not per request
	stdio  bool   // the server refused stream-local forwarding: dial-stdio from now on
}

// newSSHDialer does no I/O and reads no file: the connection and ~/.ssh are for the
// first dial, so commands that never reach the engine pay nothing for ssh.
func newSSHDialer(host string) (*sshDialer, error) {
	u, err := parseSSHURL(host)
	if err != nil {
		return nil, err
	}
	return &sshDialer{url: u}, nil
}

func (s *sshDialer) configure(t *http.Transport) {
	t.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) { return s.dial(ctx) }
}

// docker names the engine http://docker.example.com behind ssh, in URLs and in
// "Cannot connect" messages alike.
func (s *sshDialer) target() target {
	return target{scheme: "http", urlHost: "docker.example.com", shownHost: "http://docker.example.com"}
}

// socket is the remote engine's socket: the URL's path, docker's default without one.
// ssh://host/ names "/", as docker hands the remote "--host unix:///", which no engine
// answers either.
func (s *sshDialer) socket() string {
	if s.url.path == "" {
		return sshDefaultSocket
	}
	return s.url.path
}

func (s *sshDialer) dial(ctx context.Context) (net.Conn, error) {
	cl, stdio, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	if !stdio {
		conn, err := cl.Dial("unix", s.socket())
		if err == nil {
			return conn, nil
		}
		var oe *ssh.OpenChannelError
		if !errors.As(err, &oe) {
			return nil, &sshError{msg: "ssh: " + s.dest + ": " + strings.TrimPrefix(err.Error(), "ssh: ")}
		}
		// OpenSSH refuses the channel in the same words whether stream-local forwarding
		// is disabled or the socket cannot be connected ("open failed"): the remote
		// docker tells which, as it would for docker's own transport.
		s.mu.Lock()
		s.stdio = true
		s.mu.Unlock()
	}
	return s.dialStdio(cl)
}

// connect opens the command's ssh connection on the first call and returns it after.
func (s *sshDialer) connect(ctx context.Context) (*ssh.Client, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil {
		return s.client, s.stdio, nil
	}
	if s.err != nil {
		return nil, false, s.err
	}
	cl, dest, err := sshOpen(ctx, s.url)
	if err != nil {
		if ctx.Err() == nil {
			s.err = err
		}
		return nil, false, err
	}
	s.client, s.dest = cl, dest
	return cl, s.stdio, nil
}

// Close ends the ssh connection, and with it every channel and session on it.
func (s *sshDialer) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		return nil
	}
	err := s.client.Close()
	s.client, s.err = nil, net.ErrClosed
	return err
}

// sshError is a failure of the ssh transport, worded as OpenSSH's client words it.
// It deliberately wraps nothing: a refused tcp connection to sshd is not an engine
// that is not running.
type sshError struct{ msg string }

func (e *sshError) Error() string { return e.msg }

// sshSocketError is the remote engine's socket that the remote dial-stdio could not
// connect. It reads as ECONNREFUSED: the command reports "Cannot connect to the Docker
// daemon", as docker does then.
type sshSocketError struct{ dest, msg string }

func (e *sshSocketError) Error() string { return "ssh: " + e.dest + ": " + e.msg }

func (e *sshSocketError) Unwrap() error { return syscall.ECONNREFUSED }
