package streams

import (
	"fmt"
	"io"
	"strings"
)

// DefaultEscapeKeys is docker's detach sequence, ctrl-p ctrl-q.
var DefaultEscapeKeys = []byte{16, 17}

// EscapeError is returned by an escape proxy's Read when the detach
// sequence was typed. Its text is docker's.
type EscapeError struct{}

func (EscapeError) Error() string { return "read escape sequence" }

// ParseEscapeKeys turns a detach-keys spec ("ctrl-p,ctrl-q", "a,ctrl-[")
// into the bytes a terminal sends: a key is one character or ctrl- and one
// of a-z @ [ \ ] ^ _.
func ParseEscapeKeys(spec string) ([]byte, error) {
	var out []byte
	for _, key := range strings.Split(spec, ",") {
		if len(key) == 1 {
			out = append(out, key[0])
			continue
		}
		rest, ok := strings.CutPrefix(strings.ToLower(key), "ctrl-")
		if !ok || len(rest) != 1 {
			return nil, fmt.Errorf("invalid detach key %q", key)
		}
		switch c := rest[0]; {
		case c >= 'a' && c <= 'z':
			out = append(out, c-'a'+1)
		case c == '@':
			out = append(out, 0)
		case c >= '[' && c <= '_':
			out = append(out, c-'['+27)
		default:
			return nil, fmt.Errorf("invalid detach key %q", key)
		}
	}
	return out, nil
}

// escapeProxy passes input through, holding back bytes that could begin the
// escape sequence until it is known whether they do.
type escapeProxy struct {
	r       io.Reader
	keys    []byte
	matched int    // how many bytes of keys are held back
	buf     []byte // read buffer
	out     []byte // bytes ready for the caller (pending is a tail of it)
	pending []byte
	err     error // sticky: the reader's error or EscapeError
}

// NewEscapeProxy returns a reader that copies r until keys have been read in
// a row: then it returns the bytes before them and EscapeError (the keys
// themselves are not passed on). A partial sequence followed by another
// byte is passed on whole, with that byte (which never starts the sequence again). Empty keys disable the proxy. Memory is bounded
// by the largest read.
func NewEscapeProxy(r io.Reader, keys []byte) io.Reader {
	if len(keys) == 0 {
		return r
	}
	return &escapeProxy{r: r, keys: keys}
}

func (e *escapeProxy) Read(p []byte) (int, error) {
	for {
		if len(e.pending) > 0 {
			n := copy(p, e.pending)
			e.pending = e.pending[n:]
			return n, nil
		}
		if e.err != nil {
			return 0, e.err
		}
		if len(p) == 0 {
			return 0, nil
		}
		size := min(len(p), 32*1024)
		if cap(e.buf) < size {
			e.buf = make([]byte, size)
		}
		n, err := e.r.Read(e.buf[:size])
		out := e.out[:0]
		for _, b := range e.buf[:n] {
			if b == e.keys[e.matched] {
				e.matched++
				if e.matched == len(e.keys) {
					e.matched = 0
					e.err = EscapeError{}
					break
				}
				continue
			}
			// A broken sequence is passed on with the byte that broke it, which does not
			// begin a new one: docker 28 does not detach on ^P ^P ^Q.
			out = append(out, e.keys[:e.matched]...)
			e.matched = 0
			out = append(out, b)
		}
		if err != nil && e.err == nil {
			if e.matched > 0 {
				out = append(out, e.keys[:e.matched]...)
				e.matched = 0
			}
			e.err = err
		}
		e.out = out
		e.pending = out
		if len(e.pending) > 0 {
			continue
		}
		if e.err == nil && n == 0 {
			return 0, nil
		}
	}
}
