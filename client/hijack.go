package client

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
)

// HijackedResponse is a connection taken over from HTTP after the daemon
// answered an attach or exec-start request: the raw (TTY) or multiplexed
// (stdcopy) stream is read from Reader, stdin is written to Conn.
type HijackedResponse struct {
	Conn   net.Conn
	Reader *bufio.Reader
	// MediaType is the response's Content-Type
	// ("application/vnd.docker.raw-stream" or, API >= 1.42,
	// "application/vnd.docker.multiplexed-stream"); "" when not sent.
	MediaType string
}

// Close closes the connection.
func (h *HijackedResponse) Close() error {
	if h == nil || h.Conn == nil {
		return nil
	}
	return h.Conn.Close()
}

// CloseWrite half-closes the connection: the daemon sees EOF on the
// container's stdin while output keeps flowing back. Connections that
// cannot half-close are left open (nil is returned).
func (h *HijackedResponse) CloseWrite() error {
	if h == nil || h.Conn == nil {
		return nil
	}
	if cw, ok := h.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Read reads from the buffered reader (so a HijackedResponse is an io.Reader).
func (h *HijackedResponse) Read(p []byte) (int, error) { return h.Reader.Read(p) }

// postHijacked sends POST path (versioned) with Upgrade: tcp and returns
// the connection once the daemon answered 101. Any other status is an
// *ErrorResponse worded like docker's ("unable to upgrade to tcp, received
// 404"), with the connection closed. ctx bounds dialing and waiting for the answer only: once
// hijacked, the caller owns the connection and must Close it.
func (c *Client) postHijacked(ctx context.Context, path string, query url.Values, in any) (*HijackedResponse, error) {
	if err := c.lazyNegotiate(ctx); err != nil {
		return nil, err
	}
	body, h, err := jsonBody(in, nil)
	if err != nil {
		return nil, err
	}
	if h == nil {
		h = http.Header{}
	}
	h.Set("Connection", "Upgrade")
	h.Set("Upgrade", "tcp")
	req, err := c.newRequest(ctx, http.MethodPost, c.versionedPath(path), query, body, h)
	if err != nil {
		return nil, err
	}
	conn, err := c.dialer.dial(ctx) // outside the HTTP pool: the connection becomes the caller's
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, c.connectionError(&url.Error{Op: "Post", URL: req.URL.String(), Err: err})
	}
	// Until the answer arrives, a done ctx closes the connection.
	stop := make(chan struct{})
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		select {
		case <-ctx.Done():
			conn.Close()
		case <-stop:
		}
	}()
	resp, br, err := c.sendHijack(conn, req)
	close(stop)
	<-watchDone
	if err != nil {
		conn.Close()
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		// docker reports a failure to read the answer (the daemon died
		// after the request was sent) by the read error alone: "unexpected EOF".
		var ae hijackAnswerError
		if errors.As(err, &ae) {
			return nil, ae.err
		}
		return nil, c.connectionError(&url.Error{Op: "Post", URL: req.URL.String(), Err: err})
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		conn.Close()
		return nil, ctxErr
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		// docker 28 reports any other answer by its status alone (the
		// daemon's 400 for invalid detach keys reads "unable to upgrade to
		// tcp, received 400"); the typed status is kept for IsNotFound & co.
		conn.Close()
		return nil, &ErrorResponse{StatusCode: resp.StatusCode, Message: fmt.Sprintf("unable to upgrade to tcp, received %d", resp.StatusCode), bare: true}
	}
	return &HijackedResponse{Conn: conn, Reader: br, MediaType: resp.Header.Get("Content-Type")}, nil
}

func (c *Client) sendHijack(conn net.Conn, req *http.Request) (*http.Response, *bufio.Reader, error) {
	// req.Write sends "Host:" from req.Host (the dummy host over unix).
	bw := bufio.NewWriterSize(conn, 4096)
	if err := req.Write(bw); err != nil {
		return nil, nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(conn, 32*1024)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the daemon closed the connection before answering
		}
		return nil, nil, hijackAnswerError{err}
	}
	return resp, br, nil
}

// hijackAnswerError is a failure to read the daemon's answer to a hijack
// request that was sent in full.
type hijackAnswerError struct{ err error }

func (e hijackAnswerError) Error() string { return e.err.Error() }
func (e hijackAnswerError) Unwrap() error { return e.err }
