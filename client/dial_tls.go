package client

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// tlsDialer reaches the engine over tcp with TLS.
type tlsDialer struct {
	tcp  *tcpDialer
	conf *tls.Config // the caller's, cloned: theirs to change afterwards
}

func newTLSDialer(addr string, conf *tls.Config) *tlsDialer {
	return &tlsDialer{tcp: newTCPDialer(addr), conf: conf.Clone()}
}

func (d *tlsDialer) configure(t *http.Transport) {
	d.tcp.configure(t)
	t.TLSClientConfig = d.conf.Clone()
	t.TLSHandshakeTimeout = 10 * time.Second
}

func (d *tlsDialer) dial(ctx context.Context) (net.Conn, error) {
	conn, err := d.tcp.dial(ctx)
	if err != nil {
		return nil, err
	}
	conf := d.conf.Clone()
	if conf.ServerName == "" {
		host, _, err := net.SplitHostPort(d.tcp.addr)
		if err != nil {
			host = d.tcp.addr
		}
		conf.ServerName = host
	}
	tc := tls.Client(conn, conf)
	hctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		conn.Close()
		return nil, err
	}
	return &tlsHalfCloser{Conn: tc, raw: conn}, nil
}

func (d *tlsDialer) target() target { return target{scheme: "https", urlHost: d.tcp.addr} }

// tlsHalfCloser is a TLS connection whose CloseWrite sends close_notify and
// then half-closes the TCP connection beneath, so the daemon's read of the
// stream ends whichever it looks at.
type tlsHalfCloser struct {
	*tls.Conn
	raw net.Conn
}

func (t *tlsHalfCloser) CloseWrite() error {
	err := t.Conn.CloseWrite()
	if cw, ok := t.raw.(interface{ CloseWrite() error }); ok {
		if err2 := cw.CloseWrite(); err == nil {
			err = err2
		}
	}
	return err
}
