package fakeengine

import (
	"bufio"
	"net"
	"net/http"
)

// ReplyHijack answers like the engine's attach and exec start: "101
// UPGRADED" with Connection: Upgrade, Upgrade: tcp and the given
// Content-Type (e.g. "application/vnd.docker.raw-stream" or
// "application/vnd.docker.multiplexed-stream"), then hands the raw
// connection to fn: what the client writes is read from in (stdin), what fn
// writes to conn is the client's output. The connection is closed when fn
// returns.
func (r *Route) ReplyHijack(contentType string, fn func(conn net.Conn, in *bufio.Reader)) *Route {
	return r.ReplyFunc(func(w http.ResponseWriter, req *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			r.e.t.Errorf("fakeengine: %s: connection cannot be hijacked", r)
			return
		}
		conn, brw, err := hj.Hijack()
		if err != nil {
			r.e.t.Errorf("fakeengine: %s: hijack: %v", r, err)
			return
		}
		defer conn.Close()
		head := "HTTP/1.1 101 UPGRADED\r\n"
		if contentType != "" {
			head += "Content-Type: " + contentType + "\r\n"
		}
		head += "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
		if _, err := conn.Write([]byte(head)); err != nil {
			return
		}
		fn(conn, brw.Reader)
	})
}

// CloseWrite half-closes conn when it can (unix and tcp connections), so
// the client sees the end of the output while its stdin may still flow.
func CloseWrite(conn net.Conn) {
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
}
