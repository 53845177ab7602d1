package client

import (
	"context"
	"net"
	"net/http"
	"time"
)

// unixDialer reaches the engine on a local socket.
type unixDialer struct {
	path string
	d    *net.Dialer
}

func newUnixDialer(path string) *unixDialer {
	return &unixDialer{path: path, d: &net.Dialer{Timeout: 32 * time.Second}}
}

func (u *unixDialer) configure(t *http.Transport) {
	t.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) { return u.dial(ctx) }
}

func (u *unixDialer) dial(ctx context.Context) (net.Conn, error) {
	return u.d.DialContext(ctx, "unix", u.path)
}

// The URL's host is the socket path (shown escaped in errors, as docker shows it); the
// Host header must be a valid name.
func (u *unixDialer) target() target {
	return target{scheme: "http", urlHost: u.path, hostHeader: dummyHost}
}
