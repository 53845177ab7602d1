package root

import (
	"context"
	"io"
	"strings"
	"testing"
)

// rootWriteCounter counts the writes made to it.
type rootWriteCounter struct{ n int }

func (w *rootWriteCounter) Write(p []byte) (int, error) { w.n++; return len(p), nil }

// TestHelpInOneWrite: help goes out in one write, as docker's, so that a reader that
// stops after the first line (`docker --help | head -1`) does not end skiff by SIGPIPE.
func TestHelpInOneWrite(t *testing.T) {
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	t.Setenv("DOCKER_HOST", "unix:///nonexistent.sock")
	for _, args := range [][]string{{"--help"}, {"ps", "--help"}, {"help", "container"}, {"--help", "run"}} {
		var out, errw rootWriteCounter
		if code := Main(context.Background(), args, io.NopCloser(strings.NewReader("")), &out, &errw); code != 0 || out.n != 1 {
			t.Errorf("%v: exit %d, %d writes", args, code, out.n)
		}
	}
}
