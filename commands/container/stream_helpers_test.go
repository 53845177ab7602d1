package container

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/skiff-cli/skiff/client"
)

// streamFrame is one stdcopy frame: stream 1 = stdout, 2 = stderr.
func streamFrame(stream byte, data string) []byte {
	h := make([]byte, 8)
	h[0] = stream
	binary.BigEndian.PutUint32(h[4:], uint32(len(data)))
	return append(h, data...)
}

// streamFakeConn is a hijacked connection in memory: what the session
// writes (stdin) is collected, what it reads comes from out.
type streamFakeConn struct {
	mu          sync.Mutex
	in          bytes.Buffer
	closedWrite bool
	closed      bool
	closedC     chan struct{}
	halfClosedC chan struct{} // closed by CloseWrite
}

func newStreamFakeConn() *streamFakeConn {
	return &streamFakeConn{closedC: make(chan struct{}), halfClosedC: make(chan struct{})}
}

func (c *streamFakeConn) Read(p []byte) (int, error) { <-c.closedC; return 0, io.EOF }
func (c *streamFakeConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.in.Write(p)
}
func (c *streamFakeConn) CloseWrite() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closedWrite {
		c.closedWrite = true
		close(c.halfClosedC)
	}
	return nil
}
func (c *streamFakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		close(c.closedC)
	}
	return nil
}
func (c *streamFakeConn) stdin() (string, bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.in.String(), c.closedWrite, c.closed
}
func (c *streamFakeConn) LocalAddr() net.Addr                { return nil }
func (c *streamFakeConn) RemoteAddr() net.Addr               { return nil }
func (c *streamFakeConn) SetDeadline(t time.Time) error      { return nil }
func (c *streamFakeConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *streamFakeConn) SetWriteDeadline(t time.Time) error { return nil }

// streamFakeResponse is a HijackedResponse whose output is out.
func streamFakeResponse(conn *streamFakeConn, out io.Reader) *client.HijackedResponse {
	return &client.HijackedResponse{Conn: conn, Reader: bufio.NewReader(out)}
}

// streamWaitAnswer answers a wait like the engine: headers at once, the
// body when release is closed (never for a nil release: until the client
// goes away).
func streamWaitAnswer(release <-chan struct{}, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done(): // the client went away
			return
		}
		_, _ = io.WriteString(w, `{"StatusCode":`+strconv.Itoa(code)+`}`+"\n")
	}
}

// streamTestSignals is a command's signal handling for a session under test;
// send it signals as signal.Notify delivers them: w.sigc <- sig.
func streamTestSignals(t *testing.T) *streamSignals {
	w := streamWatch(context.Background(), false)
	t.Cleanup(w.release)
	return w
}
