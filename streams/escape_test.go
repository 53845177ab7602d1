package streams

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestParseEscapeKeys(t *testing.T) {
	for spec, want := range map[string][]byte{
		"ctrl-p,ctrl-q": {16, 17},
		"ctrl-a":        {1},
		"CTRL-Z":        {26},
		"a,b":           {'a', 'b'},
		"ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_": {0, 27, 28, 29, 30, 31},
	} {
		got, err := ParseEscapeKeys(spec)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%q: got %v, %v; want %v", spec, got, err, want)
		}
	}
	for _, bad := range []string{"ctrl-xx", "abc", "ctrl-1", "ctrl-", "", "ctrl-p,", ","} {
		if _, err := ParseEscapeKeys(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// readAll reads through the proxy with reads of size n.
func readAll(r io.Reader, n int) ([]byte, error) {
	var out []byte
	p := make([]byte, n)
	for {
		k, err := r.Read(p)
		out = append(out, p[:k]...)
		if err != nil {
			return out, err
		}
	}
}

func TestEscapeProxy(t *testing.T) {
	keys := []byte{16, 17}
	cases := []struct {
		in, want string
		detach   bool
	}{
		{"hello", "hello", false},
		{"ab\x10\x11cd", "ab", true},
		{"\x10\x11", "", true},
		{"a\x10b", "a\x10b", false},       // partial sequence passed on
		{"a\x10\x10\x11z", "a\x10", true}, // restart of the sequence
		{"x\x10", "x\x10", false},         // partial at EOF passed on
		{"\x11\x10q\x10\x11", "\x11\x10q", true},
	}
	for _, c := range cases {
		for _, size := range []int{1, 2, 3, 64} {
			// the input one byte per read and in one read
			for _, one := range []bool{true, false} {
				var src io.Reader = bytes.NewReader([]byte(c.in))
				if one {
					src = iotest.OneByteReader(src)
				}
				got, err := readAll(NewEscapeProxy(src, keys), size)
				if string(got) != c.want {
					t.Errorf("%q (read %d, onebyte %v): got %q want %q", c.in, size, one, got, c.want)
				}
				var ee EscapeError
				if c.detach != errors.As(err, &ee) || (!c.detach && err != io.EOF) {
					t.Errorf("%q: err %v, detach want %v", c.in, err, c.detach)
				}
				if c.detach && err.Error() != "read escape sequence" {
					t.Errorf("text %q", err)
				}
			}
		}
	}
}

func TestEscapeProxyDisabled(t *testing.T) {
	r := bytes.NewReader([]byte("\x10\x11"))
	if NewEscapeProxy(r, nil) != io.Reader(r) {
		t.Fatal("empty keys should pass the reader through")
	}
}

// A large stream is passed byte-exact with reads of the proxy's buffer size.
func TestEscapeProxyLarge(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789\x10abcdef"), 100000)
	got, err := io.ReadAll(NewEscapeProxy(bytes.NewReader(data), DefaultEscapeKeys))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("len %d err %v", len(got), err)
	}
}

func FuzzEscapeProxy(f *testing.F) {
	f.Add([]byte("a\x10b\x10\x11c"), 3)
	f.Fuzz(func(t *testing.T, in []byte, size int) {
		if size <= 0 || size > 1<<16 {
			size = 7
		}
		got, err := readAll(NewEscapeProxy(bytes.NewReader(in), DefaultEscapeKeys), size)
		i := bytes.Index(in, DefaultEscapeKeys)
		if i < 0 {
			if err != io.EOF || !bytes.Equal(got, in) {
				t.Fatalf("got %q %v", got, err)
			}
			return
		}
		if _, ok := err.(EscapeError); !ok || !bytes.Equal(got, in[:i]) {
			t.Fatalf("got %q %v want %q", got, err, in[:i])
		}
	})
}
