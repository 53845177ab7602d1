// Package streams wraps the process's standard streams with terminal awareness:
// whether each is a terminal, raw mode with guaranteed restore, and window size.
package streams

import (
	"io"

	"github.com/moby/term"
)

// common holds what In and Out share: the file descriptor and terminal state.
type common struct {
	fd         uintptr
	isTerminal bool
	state      *term.State
}

// FD returns the stream's file descriptor (0 when it has none).
func (c *common) FD() uintptr { return c.fd }

// IsTerminal reports whether the stream is attached to a terminal.
func (c *common) IsTerminal() bool { return c.isTerminal }

// RestoreTerminal puts the terminal back in the mode it had before SetRaw. Safe to call
// more than once and on non-terminals.
func (c *common) RestoreTerminal() {
	if c.state != nil {
		_ = term.RestoreTerminal(c.fd, c.state)
		c.state = nil
	}
}

// In is the standard input.
type In struct {
	common
	in io.ReadCloser
}

func (i *In) Read(p []byte) (int, error) { return i.in.Read(p) }

// Close closes the underlying reader.
func (i *In) Close() error { return i.in.Close() }

// SetRawTerminal puts the input terminal in raw mode; a no-op when it is not a terminal.
func (i *In) SetRawTerminal() error {
	if !i.isTerminal {
		return nil
	}
	st, err := term.SetRawTerminal(i.fd)
	if err != nil {
		return err
	}
	i.state = st
	return nil
}

// Out is a standard output or error stream.
type Out struct {
	common
	out io.Writer
}

func (o *Out) Write(p []byte) (int, error) { return o.out.Write(p) }

// SetRawTerminal puts the output terminal in raw mode; a no-op when it is not a terminal.
func (o *Out) SetRawTerminal() error {
	if !o.isTerminal {
		return nil
	}
	st, err := term.SetRawTerminalOutput(o.fd)
	if err != nil {
		return err
	}
	o.state = st
	return nil
}

// GetTtySize returns the terminal's height and width, or zeros when it is not a terminal.
func (o *Out) GetTtySize() (height, width uint) {
	if !o.isTerminal {
		return 0, 0
	}
	ws, err := term.GetWinsize(o.fd)
	if err != nil || ws == nil {
		return 0, 0
	}
	return uint(ws.Height), uint(ws.Width)
}

// NewIn wraps r, detecting a terminal when r is a file.
func NewIn(r io.ReadCloser) *In {
	fd, isTerm := term.GetFdInfo(r)
	return &In{common: common{fd: fd, isTerminal: isTerm}, in: r}
}

// NewOut wraps w, detecting a terminal when w is a file.
func NewOut(w io.Writer) *Out {
	fd, isTerm := term.GetFdInfo(w)
	return &Out{common: common{fd: fd, isTerminal: isTerm}, out: w}
}

// NewTestIn returns an In over r whose terminal flag is set by the test.
func NewTestIn(r io.Reader, isTerminal bool) *In {
	return &In{common: common{isTerminal: isTerminal}, in: io.NopCloser(r)}
}

// NewTestOut returns an Out over w whose terminal flag is set by the test.
func NewTestOut(w io.Writer, isTerminal bool) *Out {
	return &Out{common: common{isTerminal: isTerminal}, out: w}
}

// Reader is what In reads: a child process given it (an *os.File) reads the same file.
func (i *In) Reader() io.Reader { return i.in }

// Writer is what Out writes to: a child process given it (an *os.File) writes to the
// same file, a terminal staying a terminal.
func (o *Out) Writer() io.Writer { return o.out }
