package system

import (
	"strings"
	"testing"
	"time"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// TestDialStdioRelays: what comes on stdin reaches the engine as is (no ping of our
// own: the other end negotiates), its answer comes out on stdout.
func TestDialStdioRelays(t *testing.T) {
	e := fakeengine.New(t)
	r := run(t, e, "", clitest.Options{Stdin: "GET /_ping HTTP/1.0\r\n\r\n"}, NewCommand, "dial-stdio")
	if r.runErr != nil || !strings.HasPrefix(r.out, "HTTP/1.0 200 OK\r\n") || !strings.HasSuffix(r.out, "\r\n\r\nOK") {
		t.Fatalf("err %v, out %q", r.runErr, r.out)
	}
	if e.Pings() != 1 {
		t.Errorf("the engine saw %d pings, want the relayed one alone", e.Pings())
	}
}

// TestDialStdioHalfCloses: stdin's EOF half-closes the connection, so an engine that
// keeps HTTP/1.1 connections open answers, sees the EOF and hangs up, which ends the
// command (without the half-close both sides would wait for ever).
func TestDialStdioHalfCloses(t *testing.T) {
	e := fakeengine.New(t)
	done := make(chan result, 1)
	go func() {
		done <- run(t, e, "", clitest.Options{Stdin: "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n"}, NewCommand, "dial-stdio")
	}()
	select {
	case r := <-done:
		if r.runErr != nil || !strings.HasPrefix(r.out, "HTTP/1.1 200 OK\r\n") || !strings.HasSuffix(r.out, "OK") {
			t.Fatalf("err %v, out %q", r.runErr, r.out)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("dial-stdio did not end after stdin's EOF and the engine's answer")
	}
}

// TestDialStdioNoEngine: docker 28's message and exit code when the engine cannot be
// dialled.
func TestDialStdioNoEngine(t *testing.T) {
	host := deadHost(t)
	r := run(t, nil, host, clitest.Options{}, NewCommand, "dial-stdio")
	want := "failed to open the raw stream connection: dial unix " + strings.TrimPrefix(host, "unix://") + ": connect: no such file or directory"
	if r.msg() != want || r.code() != 1 || r.out != "" {
		t.Fatalf("exit %d, %q, out %q; want 1, %q", r.code(), r.msg(), r.out, want)
	}
}
