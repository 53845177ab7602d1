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
		{"a\x10b", "a\x10b", false}, // partial sequence passed on
		// The byte that breaks a sequence does not start one: docker 28 does not
		// detach on ^P ^P ^Q (nor on a a b for keys a,b), typed or sent at once.
		{"a\x10\x10\x11z", "a\x10\x10\x11z", false},
		{"\x10\x10\x11\x10\x11", "\x10\x10\x11", true},
		{"x\x10", "x\x10", false}, // partial at EOF passed on
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
		want, wantErr := escapeModel(in, DefaultEscapeKeys)
		if err != wantErr || !bytes.Equal(got, want) {
			t.Fatalf("got %q %v want %q %v", got, err, want, wantErr)
		}
	})
}

// chunkReader returns its data in reads of the sizes sizes gives in turn (1..16 bytes,
// never more than asked), as a terminal or a socket may cut the same input anywhere.
type chunkReader struct {
	data, sizes []byte
	k           int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := 1
	if len(c.sizes) > 0 {
		n = 1 + int(c.sizes[c.k%len(c.sizes)])%16
		c.k++
	}
	n = min(n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// FuzzEscapeProxyChunking: the same input, cut into reads anywhere (cuts) and read
// through buffers of any size, gives the same bytes and the same end as in one read: no
// byte lost, reordered or duplicated, an escape sequence found across any cut, and a
// prefix of it that is not completed passed on. Both agree with escapeModel.
func FuzzEscapeProxyChunking(f *testing.F) {
	f.Add([]byte("ab\x10\x11cd"), []byte{16, 17}, []byte{0, 1, 2}, uint8(1))
	f.Add([]byte("x\x10"), []byte{16, 17}, []byte{0}, uint8(0))
	f.Add([]byte("\x10\x10\x10\x11"), []byte{16, 17}, []byte{1, 0}, uint8(2))
	f.Add([]byte("xaaabyz"), []byte("aab"), []byte{0, 3}, uint8(5))
	f.Add([]byte("xababacz"), []byte("abac"), []byte{2, 0, 1}, uint8(1))
	f.Add([]byte("\x10\x10\x11\x10\x11"), []byte{16, 17}, []byte{}, uint8(31))
	f.Fuzz(func(t *testing.T, in, keys, cuts []byte, size uint8) {
		if len(keys) == 0 || len(keys) > 8 {
			keys = DefaultEscapeKeys
		}
		whole, werr := readAll(NewEscapeProxy(bytes.NewReader(in), keys), max(len(in), 1))
		got, err := readAll(NewEscapeProxy(&chunkReader{data: in, sizes: cuts}, keys), 1+int(size)%32)
		if !bytes.Equal(got, whole) || errors.Is(err, io.EOF) != errors.Is(werr, io.EOF) {
			t.Fatalf("keys %q, in %q cut by %v: got %q (%v), in one read %q (%v)", keys, in, cuts, got, err, whole, werr)
		}
		want, wantErr := escapeModel(in, keys)
		if !bytes.Equal(got, want) || err != wantErr {
			t.Fatalf("keys %q, in %q: got %q (%v), want %q (%v)", keys, in, got, err, want, wantErr)
		}
	})
}

// escapeModel is the escape proxy's rule on a whole input, byte by byte, as docker 28
// applies it: keys typed in a row detach (the bytes before them are passed on); a
// sequence broken by another byte is passed on with that byte, which starts nothing.
func escapeModel(in, keys []byte) ([]byte, error) {
	var out []byte
	matched := 0
	for _, b := range in {
		if b == keys[matched] {
			if matched++; matched == len(keys) {
				return out, EscapeError{}
			}
			continue
		}
		out = append(append(out, keys[:matched]...), b)
		matched = 0
	}
	return append(out, keys[:matched]...), io.EOF
}
