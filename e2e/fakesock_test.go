//go:build e2e

package e2e

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// fakeSocket listens on a fresh unix socket for a hand-made engine and returns its
// DOCKER_HOST ("unix://..."); the listener and the directory go at the test's end, after
// cleanups the caller registers later (t.Cleanup runs last-in first-out).
func fakeSocket(t *testing.T) (net.Listener, string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "skiff-fake-") // short: socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ln, err := net.Listen("unix", filepath.Join(dir, "engine.sock"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln, "unix://" + ln.Addr().String()
}

// fakeEngine serves h on a fresh unix socket (see fakeSocket) and returns its host.
func fakeEngine(t *testing.T, h http.HandlerFunc) (host string) {
	t.Helper()
	ln, host := fakeSocket(t)
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return host
}
