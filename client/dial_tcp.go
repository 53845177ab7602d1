package client

import (
	"context"
	"net"
	"net/http"
	"time"
)

// tcpDialer reaches the engine over plain tcp. Requests go through the environment's
// HTTP proxy, if any, as docker's do; hijacked streams dial the engine itself.
type tcpDialer struct {
	addr string // host:port
	d    *net.Dialer
}

func newTCPDialer(addr string) *tcpDialer {
	return &tcpDialer{addr: addr, d: &net.Dialer{Timeout: 32 * time.Second, KeepAlive: 30 * time.Second}}
}

func (c *tcpDialer) configure(t *http.Transport) {
	t.DialContext = c.d.DialContext // the transport's address: the engine's or the proxy's
	t.Proxy = http.ProxyFromEnvironment
}

func (c *tcpDialer) dial(ctx context.Context) (net.Conn, error) {
	conn, err := c.d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetKeepAlive(true)
		_ = tc.SetKeepAlivePeriod(30 * time.Second)
	}
	return conn, nil
}

func (c *tcpDialer) target() target { return target{scheme: "http", urlHost: c.addr} }
