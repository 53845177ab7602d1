package client

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/moby/moby/api/pkg/stdcopy"
)

func demuxFrame(id byte, size uint32, payload string) []byte {
	h := make([]byte, demuxHeaderLen, demuxHeaderLen+len(payload))
	h[0] = id
	binary.BigEndian.PutUint32(h[4:], size)
	return append(h, payload...)
}

func demuxFrames(frames ...[]byte) []byte { return bytes.Join(frames, nil) }

// demuxModel is what Demux must produce, by slicing the whole input: the
// specification the tests and the fuzz target hold it to.
func demuxModel(in []byte) (stdout, stderr string, err error) {
	var o, e strings.Builder
	for len(in) >= demuxHeaderLen {
		id, size := in[0], binary.BigEndian.Uint32(in[4:8])
		in = in[demuxHeaderLen:]
		payload := in[:min(uint64(size), uint64(len(in)))]
		in = in[len(payload):]
		switch id {
		case 0, 1:
			o.Write(payload)
		case 2:
			e.Write(payload)
		case 3:
			if len(payload) < int(min(size, demuxMaxErrText)) {
				return o.String(), e.String(), nil
			}
			return o.String(), e.String(), fmt.Errorf("error from daemon in stream: %s", payload[:min(len(payload), demuxMaxErrText)])
		default:
			return o.String(), e.String(), fmt.Errorf("Unrecognized input header: %d", id)
		}
	}
	return o.String(), e.String(), nil
}

func demuxCheck(t *testing.T, name string, in []byte, src io.Reader) {
	t.Helper()
	var o, e bytes.Buffer
	n, err := Demux(&o, &e, src)
	wo, we, werr := demuxModel(in)
	var se *StreamError
	if (werr != nil) != errors.As(err, &se) {
		t.Fatalf("%s: Demux(%q): error %v (%T), want a *StreamError exactly when the stream is broken", name, in, err, err)
	}
	if o.String() != wo || e.String() != we || fmt.Sprint(err) != fmt.Sprint(werr) || n != int64(o.Len()+e.Len()) {
		t.Fatalf("%s: Demux(%q) = %d, stdout %q, stderr %q, err %v; want stdout %q, stderr %q, err %v",
			name, in, n, o.String(), e.String(), err, wo, we, werr)
	}
}

var demuxCases = map[string][]byte{
	"empty":           nil,
	"one":             demuxFrame(1, 3, "abc"),
	"stdin echo":      demuxFrame(0, 2, "in"),
	"out err out":     demuxFrames(demuxFrame(1, 2, "o1"), demuxFrame(2, 3, "e1\n"), demuxFrame(1, 2, "o2")),
	"zero length":     demuxFrames(demuxFrame(1, 0, ""), demuxFrame(2, 1, "z"), demuxFrame(1, 0, "")),
	"padding ignored": {1, 9, 9, 9, 0, 0, 0, 2, 'h', 'i'},
	"unknown id":      demuxFrames(demuxFrame(1, 3, "abc"), demuxFrame(7, 2, "xy"), demuxFrame(1, 1, "z")),
	"system error":    demuxFrames(demuxFrame(1, 3, "abc"), demuxFrame(3, 4, "boom"), demuxFrame(1, 1, "z")),
	"empty sys error": demuxFrames(demuxFrame(3, 0, "")),
	"cut sys error":   demuxFrames(demuxFrame(1, 1, "a"), demuxFrame(3, 9, "boo")),
	"cut header":      demuxFrames(demuxFrame(1, 3, "abc"), []byte{2, 0, 0}),
	"cut frame":       demuxFrames(demuxFrame(1, 3, "abc"), demuxFrame(2, 10, "xy")),
	"4 GiB header":    demuxFrame(1, math.MaxUint32, "short"),
	"big frames":      demuxFrames(demuxFrame(1, 100000, strings.Repeat("x", 100000)), demuxFrame(2, 70000, strings.Repeat("y", 70000))),
	"long sys error":  demuxFrame(3, 10000, strings.Repeat("e", 10000)),
}

// Every case, whole and through readers that cut the input at each position, one
// byte at a time and with reads that return data together with io.EOF.
func TestDemuxSplitEverywhere(t *testing.T) {
	for name, in := range demuxCases {
		demuxCheck(t, name, in, bytes.NewReader(in))
		demuxCheck(t, name+" (bytewise)", in, iotest.OneByteReader(bytes.NewReader(in)))
		demuxCheck(t, name+" (data+EOF)", in, iotest.DataErrReader(bytes.NewReader(in)))
		if len(in) > 1000 {
			continue // the small cases cover every boundary kind
		}
		for i := 0; i <= len(in); i++ {
			src := io.MultiReader(bytes.NewReader(in[:i]), bytes.NewReader(in[i:]))
			demuxCheck(t, fmt.Sprintf("%s (split at %d)", name, i), in, src)
		}
	}
}

// Where docker's client and Demux see complete frames, they agree byte for byte and
// on the error text (docker 28's output depends on it); an unknown stream id is left
// out: docker 28 says "Unrecognized input header", moby's api module has new words.
func TestDemuxAsStdCopy(t *testing.T) {
	for _, name := range []string{"empty", "one", "stdin echo", "out err out", "zero length", "padding ignored",
		"system error", "empty sys error", "cut header", "big frames", "long sys error"} {
		in := demuxCases[name]
		var o1, e1, o2, e2 bytes.Buffer
		_, err1 := stdcopy.StdCopy(&o1, &e1, bytes.NewReader(in))
		_, err2 := Demux(&o2, &e2, bytes.NewReader(in))
		if o1.String() != o2.String() || e1.String() != e2.String() || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Errorf("%s: stdcopy %q %q %v; Demux %q %q %v", name, o1.String(), e1.String(), err1, o2.String(), e2.String(), err2)
		}
	}
}

type demuxFailWriter struct{ n int }

func (w *demuxFailWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		p = p[:w.n]
		w.n = 0
		return len(p), errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

type demuxShortWriter struct{}

func (demuxShortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

func TestDemuxWriteErrors(t *testing.T) {
	in := demuxFrames(demuxFrame(1, 5, "hello"), demuxFrame(1, 5, "world"))
	n, err := Demux(&demuxFailWriter{n: 7}, io.Discard, bytes.NewReader(in))
	if n != 7 || err == nil || err.Error() != "disk full" {
		t.Errorf("failing writer: %d, %v; want 7, disk full", n, err)
	}
	n, err = Demux(demuxShortWriter{}, io.Discard, bytes.NewReader(in))
	if n != 2 || !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("short writer: %d, %v; want 2, short write", n, err)
	}
	// a body cut off (the engine died) is not the stream's end: docker says "unexpected EOF"
	cut := io.MultiReader(bytes.NewReader(demuxFrame(1, 9, "abc")), iotest.ErrReader(io.ErrUnexpectedEOF))
	if _, err = Demux(io.Discard, io.Discard, cut); err != io.ErrUnexpectedEOF {
		t.Errorf("body cut off mid-frame: %v; want unexpected EOF", err)
	}
	cut = io.MultiReader(bytes.NewReader(demuxFrame(1, 3, "abc")[:5]), iotest.ErrReader(io.ErrUnexpectedEOF))
	if _, err = Demux(io.Discard, io.Discard, cut); err != io.ErrUnexpectedEOF {
		t.Errorf("body cut off mid-header: %v; want unexpected EOF", err)
	}
	readErr := errors.New("connection reset")
	_, err = Demux(io.Discard, io.Discard, io.MultiReader(bytes.NewReader(demuxFrame(1, 9, "abc")), iotest.ErrReader(readErr)))
	if !errors.Is(err, readErr) {
		t.Errorf("read error: %v; want %v", err, readErr)
	}
	_, err = Demux(io.Discard, io.Discard, demuxEmptyReader{})
	if !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("reader that returns nothing: %v; want %v", err, io.ErrNoProgress)
	}
}

type demuxEmptyReader struct{}

func (demuxEmptyReader) Read([]byte) (int, error) { return 0, nil }

// demuxZeros is a source of a frame header and then n zero bytes, made as they are
// read (a stream of 4 GiB without 4 GiB anywhere).
type demuxZeros struct {
	hdr []byte
	n   int64
}

func (z *demuxZeros) Read(p []byte) (int, error) {
	if len(z.hdr) > 0 {
		k := copy(p, z.hdr)
		z.hdr = z.hdr[k:]
		return k, nil
	}
	if z.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), z.n))
	clear(p[:k])
	z.n -= int64(k)
	return k, nil
}

// A 4 GiB length header is only a count: followed by a short body it ends the copy
// without error and costs the one buffer; a whole 4 GiB frame streams through in
// constant memory.
func TestDemuxHugeFrameConstantMemory(t *testing.T) {
	short := demuxFrame(1, math.MaxUint32, "short")
	src0 := bytes.NewReader(short)
	allocs := testing.AllocsPerRun(20, func() {
		src0.Reset(short)
		n, err := Demux(io.Discard, io.Discard, src0)
		if n != 5 || err != nil {
			t.Fatalf("4 GiB header, short body: %d, %v", n, err)
		}
	})
	if allocs > 1 {
		t.Errorf("4 GiB header, short body: %.0f allocations, want 1 (the buffer)", allocs)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	src := &demuxZeros{hdr: demuxFrame(2, math.MaxUint32, ""), n: math.MaxUint32}
	n, err := Demux(io.Discard, io.Discard, src)
	runtime.ReadMemStats(&after)
	if n != math.MaxUint32 || err != nil {
		t.Fatalf("4 GiB frame: %d, %v; want %d, nil", n, err, int64(math.MaxUint32))
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("4 GiB frame: %d bytes allocated, want < 1 MiB", grew)
	}
}

func FuzzDemux(f *testing.F) {
	for _, in := range demuxCases {
		if len(in) < 1000 {
			f.Add(in, byte(3))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte, cut byte) {
		// cut: the reader hands out at most cut+1 bytes per read, so that headers and
		// payloads are split at arbitrary points.
		src := iotest.HalfReader(&demuxChunks{b: in, max: int(cut) + 1})
		demuxCheck(t, "fuzz", in, src)
	})
}

type demuxChunks struct {
	b   []byte
	max int
}

func (c *demuxChunks) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.max)], c.b)
	c.b = c.b[n:]
	return n, nil
}

// demuxBenchStream is total bytes of payload in frames of size bytes, alternating
// stdout and stderr.
func demuxBenchStream(size, total int) []byte {
	payload := strings.Repeat("x", size)
	var b bytes.Buffer
	for i := 0; b.Len() < total; i++ {
		b.Write(demuxFrame(byte(1+i%2), uint32(size), payload))
	}
	return b.Bytes()
}

// BenchmarkDemux compares Demux with moby's stdcopy.StdCopy on small, buffer-sized
// and large frames, from a source that gives all it has and from one that gives at
// most 16 KiB a read (as a socket does).
func BenchmarkDemux(b *testing.B) {
	for _, size := range []int{64, 4 << 10, 32 << 10, 1 << 20} {
		in := demuxBenchStream(size, 8<<20)
		for _, src := range []struct {
			name string
			max  int
		}{{"whole", len(in)}, {"16KiB-reads", 16 << 10}} {
			for _, impl := range []struct {
				name string
				fn   func(io.Writer, io.Writer, io.Reader) (int64, error)
			}{{"Demux", Demux}, {"StdCopy", stdcopy.StdCopy}} {
				b.Run(fmt.Sprintf("%s/%s/frame=%d", impl.name, src.name, size), func(b *testing.B) {
					b.SetBytes(int64(len(in)))
					b.ReportAllocs()
					for range b.N {
						if _, err := impl.fn(io.Discard, io.Discard, &demuxChunks{b: in, max: src.max}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

type demuxWrites struct{ n int }

func (w *demuxWrites) Write(p []byte) (int, error) { w.n++; return len(p), nil }

// A frame handed over a byte at a time is still written at once, as docker's client
// writes it (where the buffer has room for it).
func TestDemuxWritesWholeFrames(t *testing.T) {
	in := demuxFrames(demuxFrame(1, 100, strings.Repeat("a", 100)), demuxFrame(2, 3000, strings.Repeat("b", 3000)),
		demuxFrame(1, 1, "c"))
	var out, errw demuxWrites
	if _, err := Demux(&out, &errw, iotest.OneByteReader(bytes.NewReader(in))); err != nil {
		t.Fatal(err)
	}
	if out.n != 2 || errw.n != 1 {
		t.Errorf("writes: stdout %d, stderr %d; want 2 and 1 (one per frame)", out.n, errw.n)
	}
}
