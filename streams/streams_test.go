package streams

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/moby/term"
	"gotest.tools/v3/assert"
)

func TestPipesAreNotTerminals(t *testing.T) {
	r, w, err := os.Pipe()
	assert.NilError(t, err)
	defer r.Close()
	defer w.Close()
	assert.Assert(t, !NewIn(r).IsTerminal())
	out := NewOut(w)
	assert.Assert(t, !out.IsTerminal())
	h, wd := out.GetTtySize()
	assert.Equal(t, h+wd, uint(0))
	// Raw mode on a pipe is a no-op, and restoring is always safe.
	assert.NilError(t, out.SetRawTerminal())
	out.RestoreTerminal()
}

func TestTestStreams(t *testing.T) {
	var b bytes.Buffer
	out := NewTestOut(&b, true)
	assert.Assert(t, out.IsTerminal())
	_, _ = out.Write([]byte("x"))
	assert.Equal(t, b.String(), "x")
	in := NewTestIn(strings.NewReader("y"), false)
	p := make([]byte, 1)
	n, _ := in.Read(p)
	assert.Equal(t, string(p[:n]), "y")
}

// Raw mode on a real terminal is undone by RestoreTerminal, leaving the mode as it was.
func TestRawModeRestores(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	assert.NilError(t, pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}))
	in := NewIn(tty)
	assert.Assert(t, in.IsTerminal())
	before, err := term.SaveState(in.FD())
	assert.NilError(t, err)

	assert.NilError(t, in.SetRawTerminal())
	raw, err := term.SaveState(in.FD())
	assert.NilError(t, err)
	assert.Assert(t, *raw != *before, "raw mode changed nothing")
	in.RestoreTerminal()
	in.RestoreTerminal()
	after, err := term.SaveState(in.FD())
	assert.NilError(t, err)
	assert.Equal(t, *after, *before)

	out := NewOut(tty)
	h, w := out.GetTtySize()
	assert.Equal(t, h, uint(24))
	assert.Equal(t, w, uint(80))
}
