package client

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// echoStdin copies what the client sends back to it upper-cased, until the
// client half-closes, then writes "EOF" and ends the stream.
func echoStdin(conn net.Conn, in *bufio.Reader) {
	b, _ := io.ReadAll(in)
	_, _ = conn.Write([]byte(strings.ToUpper(string(b)) + "EOF"))
}

func testHijackRoundTrip(t *testing.T, e *fakeengine.Engine) {
	e.Expect("POST", "/containers/c1/attach").Query("stream", "1").Query("stdin", "1").Query("stdout", "1").
		Query("stderr", "1").Query("detachKeys", "ctrl-x").NoQuery("logs").
		Header("Upgrade", "tcp").Header("Connection", "Upgrade").
		ReplyHijack("application/vnd.docker.raw-stream", echoStdin)
	c := newTestClient(t, e, Options{})
	resp, err := c.ContainerAttach(context.Background(), "c1", AttachOptions{Stream: true, Stdin: true, Stdout: true, Stderr: true, DetachKeys: "ctrl-x"})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if resp.MediaType != "application/vnd.docker.raw-stream" {
		t.Errorf("media type %q", resp.MediaType)
	}
	if _, err := resp.Conn.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := resp.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	_ = resp.Conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	out, err := io.ReadAll(resp.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "HELLOEOF" {
		t.Fatalf("got %q", out)
	}
}

// Stdin half-closed by CloseWrite reaches the daemon as EOF while the
// output still arrives, over unix and tcp.
func TestHijackHalfCloseUnix(t *testing.T) { testHijackRoundTrip(t, fakeengine.New(t)) }
func TestHijackHalfCloseTCP(t *testing.T)  { testHijackRoundTrip(t, fakeengine.NewTCP(t)) }

func TestHijackErrorStatus(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/nope/attach").ReplyError(404, "No such container: nope")
	e.Expect("POST", "/exec/x/start").ReplyError(409, "Container abc is not running")
	c := newTestClient(t, e, Options{})
	_, err := c.ContainerAttach(context.Background(), "nope", AttachOptions{Stream: true, Stdout: true})
	if !IsNotFound(err) || err.Error() != "unable to upgrade to tcp, received 404" {
		t.Fatalf("got %v", err)
	}
	_, err = c.ExecAttach(context.Background(), "x", container.ExecStartRequest{Tty: true})
	if !IsConflict(err) || err.Error() != "unable to upgrade to tcp, received 409" {
		t.Fatalf("got %v", err)
	}
}

func TestHijackDaemonDown(t *testing.T) {
	c, err := New(Options{Host: "unix:///nonexistent/docker.sock", APIVersion: "1.41"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ContainerAttach(context.Background(), "c", AttachOptions{Stream: true})
	if !IsErrConnectionFailed(err) || !strings.HasPrefix(err.Error(), "Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock") {
		t.Fatalf("got %v", err)
	}
}

// A daemon that never answers: the context ends the wait.
func TestHijackContextCancel(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("POST", "/exec/x/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) { <-release })
	defer close(release)
	c := newTestClient(t, e, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.ExecAttach(ctx, "x", container.ExecStartRequest{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func TestExecEndpoints(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/c1/exec").JSONBody(map[string]any{
		"User": "u", "Privileged": false, "Tty": false, "AttachStdin": false, "AttachStdout": true, "AttachStderr": true,
		"Detach": false, "DetachKeys": "", "Env": []string{"A=1"}, "WorkingDir": "/tmp", "Cmd": []string{"ls"},
	}).Reply(201, container.ExecCreateResponse{ID: "e1"})
	e.Expect("POST", "/exec/e1/start").JSONBody(container.ExecStartRequest{Detach: true}).Reply(200, "")
	e.Expect("POST", "/exec/e1/resize").Query("h", "24").Query("w", "80").Reply(201, "")
	code := 3
	e.Expect("GET", "/exec/e1/json").Reply(200, container.ExecInspectResponse{ID: "e1", ExitCode: &code})
	e.Expect("POST", "/containers/c1/start").Reply(204, nil)
	e.Expect("POST", "/containers/c1/resize").Query("h", "10").Query("w", "20").Reply(200, "")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	id, err := c.ExecCreate(ctx, "c1", ExecCreateOptions{ExecCreateRequest: container.ExecCreateRequest{User: "u", AttachStdout: true, AttachStderr: true, Env: []string{"A=1"}, WorkingDir: "/tmp", Cmd: []string{"ls"}}})
	if err != nil || id != "e1" {
		t.Fatal(id, err)
	}
	if err := c.ExecStart(ctx, id, container.ExecStartRequest{}); err != nil {
		t.Fatal(err)
	}
	if err := c.ExecResize(ctx, id, 24, 80); err != nil {
		t.Fatal(err)
	}
	ins, err := c.ExecInspect(ctx, id)
	if err != nil || ins.ExitCode == nil || *ins.ExitCode != 3 {
		t.Fatal(ins, err)
	}
	if err := c.ContainerStart(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if err := c.ContainerResize(ctx, "c1", 10, 20); err != nil {
		t.Fatal(err)
	}
}

// Over TLS too: the stream flows both ways and CloseWrite ends the
// daemon's read of stdin (close_notify) while the output still arrives.
func TestHijackHalfCloseTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1.41/containers/c1/attach" || r.Header.Get("Upgrade") != "tcp" {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(404)
			return
		}
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = conn.Write([]byte("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"))
		echoStdin(conn, brw.Reader)
	}))
	defer srv.Close()
	c, err := New(Options{Host: "tcp://" + srv.Listener.Addr().String(), TLS: &tls.Config{InsecureSkipVerify: true}, APIVersion: "1.41"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.ContainerAttach(context.Background(), "c1", AttachOptions{Stream: true, Stdin: true})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if _, err := resp.Conn.Write([]byte("secret")); err != nil {
		t.Fatal(err)
	}
	if err := resp.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	_ = resp.Conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	out, err := io.ReadAll(resp.Reader)
	if err != nil || string(out) != "SECRETEOF" {
		t.Fatalf("got %q, %v", out, err)
	}
}
