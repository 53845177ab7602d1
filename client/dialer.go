package client

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
)

// A dialer is the one way a Client reaches its engine, chosen by New from the host's
// protocol (newDialer): the HTTP transport and the hijack path both go through it, so
// neither asks which protocol it is. A new transport is one more file and one more case
// in newDialer.
type dialer interface {
	// configure makes t dial the engine: its DialContext, and TLS or a proxy where
	// the protocol has them.
	configure(t *http.Transport)
	// dial opens a connection outside the HTTP pool, for a hijacked stream: ready to
	// carry HTTP (any TLS handshake done), able to half-close where the protocol can.
	dial(ctx context.Context) (net.Conn, error)
	// target is what requests name.
	target() target
}

// target is what a request names: the URL's scheme and host (errors show the URL) and,
// when the URL's host is no host name (a socket path), the Host header to send instead.
type target struct {
	scheme     string
	urlHost    string
	hostHeader string
	// shownHost, when set, names the engine in "Cannot connect" messages instead of
	// the host (docker names an ssh engine by its URL there).
	shownHost string
}

// newDialer picks the dialer for a host parsed by parseHost. tlsConf is used by tcp
// only: docker speaks no TLS over a unix socket, nor inside ssh.
func newDialer(proto, addr string, tlsConf *tls.Config) (dialer, error) {
	switch proto {
	case "unix":
		return newUnixDialer(addr), nil
	case "ssh":
		return newSSHDialer("ssh://" + addr)
	}
	// tcp, and fd:// whose address docker 28 dials over tcp
	if tlsConf != nil {
		return newTLSDialer(addr, tlsConf), nil
	}
	return newTCPDialer(addr), nil
}
