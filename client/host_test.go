package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Expected values observed with the reference client (docker 28.2.2):
// `docker -H <host> ps` prints the normalised host in "Cannot connect ..."
// and the error text after "Failed to initialize: ".
func TestParseHost(t *testing.T) {
	ok := []struct{ in, host string }{
		{"", "unix:///var/run/docker.sock"},
		{"unix://", "unix:///var/run/docker.sock"},
		{"unix:///nope.sock", "unix:///nope.sock"},
		{"unix://relative.sock", "unix://relative.sock"},
		{"tcp://", "tcp://localhost:2375"},
		{":2375", "tcp://localhost:2375"},
		{"tcp://:2375", "tcp://localhost:2375"},
		{"host:123", "tcp://host:123"},
		{"tcp://host", "tcp://host:2375"},
		{"127.0.0.1", "tcp://127.0.0.1:2375"},
		{" tcp://127.0.0.1:1", "tcp://127.0.0.1:1"},
		{"tcp://127.0.0.1:1/path", "tcp://127.0.0.1:1/path"},
		{"tcp://127.0.0.1:1/", "tcp://127.0.0.1:1/"},
		{"tcp://127.0.0.1:1?x=y", "tcp://127.0.0.1:1"},
		{"tcp://127.0.0.1:1#frag", "tcp://127.0.0.1:1"},
		{"tcp://u@127.0.0.1:1", "tcp://127.0.0.1:1"},
		{"tcp://127.0.0.1:", "tcp://127.0.0.1:2375"},
		{"tcp://h:99999", "tcp://h:99999"},
		{"/var/run/docker.sock", "tcp://localhost:2375/var/run/docker.sock"},
		{"tcp://[::1]:99", "tcp://[::1]:99"},
		{"fd://3", "fd://3"},
		{"ssh://me@host", "ssh://me@host"},
		{"unix:///" + strings.Repeat("a", 107), "unix:///" + strings.Repeat("a", 107)}, // 108: sun_path
	}
	for _, tc := range ok {
		proto, addr, err := ParseHost(tc.in)
		if err != nil {
			t.Errorf("ParseHost(%q): %v", tc.in, err)
			continue
		}
		if got := proto + "://" + addr; got != tc.host {
			t.Errorf("ParseHost(%q) = %s, want %s", tc.in, got, tc.host)
		}
		c, err := New(Options{Host: tc.in})
		if err != nil {
			t.Errorf("New(%q): %v", tc.in, err)
		} else if c.Host() != tc.host {
			t.Errorf("New(%q).Host() = %s, want %s", tc.in, c.Host(), tc.host)
		}
	}
	bad := []struct{ in, err string }{
		{"foo://x", "unable to resolve docker endpoint: invalid bind address format: foo://x"},
		{"http://127.0.0.1:1", "unable to resolve docker endpoint: invalid bind address format: http://127.0.0.1:1"},
		{"TCP://127.0.0.1:1", "unable to resolve docker endpoint: invalid bind address format: TCP://127.0.0.1:1"},
		{"tcp://[::1]", "unable to resolve docker endpoint: invalid bind address format: [::1]"},
		{"tcp://a:b:c", `unable to resolve docker endpoint: parse "tcp://a:b:c": invalid port ":c" after host`},
		{"tcp://h:port", `unable to resolve docker endpoint: parse "tcp://h:port": invalid port ":port" after host`},
		{"unix:relative", `unable to resolve docker endpoint: parse "tcp://unix:relative": invalid port ":relative" after host`},
		{"tcp://a b:1", `unable to resolve docker endpoint: parse "tcp://a b:1": invalid character " " in host name`},
		{"npipe:///x", "protocol not available"},
		{"fd://", "unable to parse docker host `fd://`"},
		{"ssh://", "ssh host connection is not valid: invalid SSH URL: hostname is empty"},
		{"ssh://u@:22", "ssh host connection is not valid: invalid SSH URL: hostname is empty"},
		{"ssh://u:p@h", "ssh host connection is not valid: invalid SSH URL: plain-text password is not supported"},
		{"ssh://h?x=1", `ssh host connection is not valid: invalid SSH URL: query parameters are not allowed: "x=1"`},
		{"ssh://h#f", `ssh host connection is not valid: invalid SSH URL: fragments are not allowed: "f"`},
		{"ssh://h:abc", `parse "ssh://h:abc": invalid port ":abc" after host`},
		{"ssh://h%zz", `parse "ssh://h%zz": invalid URL escape "%zz"`},
		{"unix:///" + strings.Repeat("a", 108), `unix socket path "/` + strings.Repeat("a", 108) + `" is too long`},
	}
	for _, tc := range bad {
		_, _, err := ParseHost(tc.in)
		if err == nil || err.Error() != tc.err {
			t.Errorf("ParseHost(%q) error = %v, want %s", tc.in, err, tc.err)
		}
		if _, err := New(Options{Host: tc.in}); err == nil || err.Error() != tc.err {
			t.Errorf("New(%q) error = %v, want %s", tc.in, err, tc.err)
		}
	}
}

func TestConnectionRefusedUnix(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "nope.sock")
	c, err := New(Options{Host: "unix://" + sock})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ContainerList(context.Background(), ContainerListOptions{})
	want := "Cannot connect to the Docker daemon at unix://" + sock + ". Is the docker daemon running?"
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	if !IsErrConnectionFailed(err) {
		t.Fatal("IsErrConnectionFailed false")
	}
	// a regular file is not a socket: same message, like the reference
	f := filepath.Join(t.TempDir(), "regular.sock")
	if err := os.WriteFile(f, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ = New(Options{Host: "unix://" + f})
	if err := c.Negotiate(context.Background()); err == nil || err.Error() != "Cannot connect to the Docker daemon at unix://"+f+". Is the docker daemon running?" {
		t.Fatalf("regular file: %v", err)
	}
}

func TestConnectionRefusedTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c, err := New(Options{Host: "tcp://" + addr + "/base"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Info(context.Background())
	want := "Cannot connect to the Docker daemon at tcp://" + addr + "/base. Is the docker daemon running?"
	if err == nil || err.Error() != want || !IsErrConnectionFailed(err) {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

func TestConnectionErrorWording(t *testing.T) {
	c, _ := New(Options{})
	perm := &url.Error{Op: "Get", URL: "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/containers/json",
		Err: &net.OpError{Op: "dial", Net: "unix", Addr: &net.UnixAddr{Name: "/var/run/docker.sock", Net: "unix"}, Err: os.NewSyscallError("connect", syscall.EACCES)}}
	err := c.connectionError(perm)
	want := `permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/containers/json": dial unix /var/run/docker.sock: connect: permission denied`
	if err.Error() != want {
		t.Fatalf("got  %s\nwant %s", err, want)
	}
	dns := &url.Error{Op: "Get", URL: "http://host:2375/v1.50/containers/json",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "host", IsNotFound: true}}}
	c2, _ := New(Options{Host: "tcp://host"})
	err = c2.connectionError(dns)
	want = `error during connect: Get "http://host:2375/v1.50/containers/json": dial tcp: lookup host: no such host`
	if err.Error() != want || !IsErrConnectionFailed(err) {
		t.Fatalf("got  %s\nwant %s", err, want)
	}
	var ce *ConnectionError
	if !errors.As(err, &ce) || ce.Kind != ConnOther {
		t.Fatalf("%#v", err)
	}
	// a TLS alert net/http's read loop saw before the request went out: docker's text
	// has no mark of the race
	alert := &url.Error{Op: "Get", URL: "https://h:2376/v1.50/containers/json",
		Err: fmt.Errorf("readLoopPeekFailLocked: %w", errors.New("remote error: tls: certificate required"))}
	c3, _ := New(Options{Host: "tcp://h:2376"})
	err = c3.connectionError(alert)
	want = `error during connect: Get "https://h:2376/v1.50/containers/json": remote error: tls: certificate required`
	if err.Error() != want || !IsErrConnectionFailed(err) {
		t.Fatalf("got  %s\nwant %s", err, want)
	}
}

func TestUnixRequestURLShownLikeDocker(t *testing.T) {
	// The request URL of a unix-socket request names the socket path,
	// escaped, as docker shows it in errors.
	c, _ := New(Options{})
	req, err := c.newRequest(context.Background(), "GET", "/v1.50/containers/json", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := req.URL.String(); got != "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/containers/json" {
		t.Fatal(got)
	}
	if req.Host != dummyHost {
		t.Fatal(req.Host)
	}
}
