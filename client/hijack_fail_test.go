package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// The daemon reads the attach request and dies before answering: docker
// reports the bare read error, not a failure to connect.
func TestHijackDaemonDiesBeforeAnswer(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/c/attach").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	})
	c := newTestClient(t, e, Options{})
	_, err := c.ContainerAttach(context.Background(), "c", AttachOptions{Stream: true, Stdout: true})
	if !errors.Is(err, io.ErrUnexpectedEOF) || err.Error() != "unexpected EOF" || IsErrConnectionFailed(err) {
		t.Fatalf("got %v", err)
	}
}

// A half-sent answer is reported by its read error too.
func TestHijackDaemonDiesMidAnswer(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/c/attach").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = brw.WriteString("HTTP/1.1 101 UPGR")
		_ = brw.Flush()
		conn.Close()
	})
	c := newTestClient(t, e, Options{})
	_, err := c.ContainerAttach(context.Background(), "c", AttachOptions{Stream: true, Stdout: true})
	if err == nil || IsErrConnectionFailed(err) {
		t.Fatalf("got %v", err)
	}
}
