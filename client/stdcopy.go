package client

import (
	"encoding/binary"
	"fmt"
	"io"
)

// The multiplexed stream of a non-TTY attach, exec or logs: frames of an 8-byte
// header (stream id, three zero bytes, big-endian uint32 payload length) and the
// payload. Stream 0 (stdin, echoed) and 1 go to stdout, 2 to stderr, 3 is an error
// the engine reports in the stream.
const (
	demuxHeaderLen = 8
	// demuxBufLen bounds the memory of a demultiplexer whatever the headers say: a
	// length field is only a count of bytes to pass on, so a frame of 4 GiB goes
	// through this buffer in pieces.
	demuxBufLen = 32 << 10
	// demuxMaxErrText is how much of a stream-3 (system error) frame makes the error:
	// the whole buffer, far more than an engine's message.
	demuxMaxErrText = demuxBufLen
	// demuxMaxEmptyReads: a reader that returns nothing this many times in a row is
	// broken (io.ErrNoProgress), as bufio decides.
	demuxMaxEmptyReads = 100
)

// Demux copies the payloads of a multiplexed stream from src to stdout and stderr
// until src ends, in constant memory (one 32 KiB buffer), and returns the number of
// payload bytes written. As docker 28's client: the end of src is not an error, also
// in the middle of a header or a frame (what a frame had of its payload is written,
// where docker's drops it); an unknown stream id is ("Unrecognized input header: N",
// docker 28's words, where moby's api module now says "unrecognized stream: N"); a
// stream-3 frame ends the copy with "error from daemon in stream: TEXT"; a write
// error is returned as is.
func Demux(stdout, stderr io.Writer, src io.Reader) (written int64, err error) {
	d := demuxer{src: src, buf: make([]byte, demuxBufLen)}
	for {
		if err := d.fill(demuxHeaderLen); err != nil {
			return written, eofIsEnd(err)
		}
		hdr := d.buf[d.r : d.r+demuxHeaderLen]
		id, size := hdr[0], binary.BigEndian.Uint32(hdr[4:])
		d.r += demuxHeaderLen
		var w io.Writer
		switch id {
		case 0, 1:
			w = stdout
		case 2:
			w = stderr
		case 3:
			return written, d.systemErr(size)
		default:
			return written, &StreamError{fmt.Sprintf("Unrecognized input header: %d", id)}
		}
		// A frame that fits in the room left in the buffer is gathered and written at
		// once, as docker's client writes it, however the socket hands it over; one
		// that does not goes through in pieces (moving bytes to make room costs more
		// than a second write).
		var readErr error
		if size <= uint32(len(d.buf)-d.r) {
			readErr = d.fill(int(size))
		}
		for size > 0 {
			if d.r == d.w {
				if readErr == nil {
					readErr = d.fill(1)
				}
				if readErr != nil {
					return written, eofIsEnd(readErr)
				}
			}
			chunk := d.buf[d.r:d.w]
			if uint32(len(chunk)) > size {
				chunk = chunk[:size]
			}
			n, err := w.Write(chunk)
			written += int64(n)
			if err == nil && n != len(chunk) {
				err = io.ErrShortWrite
			}
			if err != nil {
				return written, err
			}
			d.r += n
			size -= uint32(n)
		}
	}
}

// systemErr reads a stream-3 frame of size bytes (its first demuxMaxErrText at most:
// the rest does not matter once the stream is in error) into the error it carries;
// nil when the stream ends before that.
func (d *demuxer) systemErr(size uint32) error {
	want := int(min(size, demuxMaxErrText))
	if err := d.fill(want); err != nil {
		return eofIsEnd(err) // a cut error frame is the stream's end, as docker's
	}
	return &StreamError{"error from daemon in stream: " + string(d.buf[d.r:d.r+want])}
}

// StreamError is a multiplexed stream that broke its rules (an unknown stream id) or
// carried the engine's error (stream 3), as opposed to a failed read or write: docker
// 28's attach and logs report it, its run does not (it exits with the container's
// status).
type StreamError struct{ msg string }

func (e *StreamError) Error() string { return e.msg }

// eofIsEnd: the end of the stream (io.EOF from src), wherever it falls, ends the copy
// without error; a source that fails otherwise — io.ErrUnexpectedEOF from a body the
// engine cut off when it died — is an error, docker's "unexpected EOF".
func eofIsEnd(err error) error {
	if err == io.EOF {
		return nil
	}
	return err
}

type demuxer struct {
	src  io.Reader
	buf  []byte
	r, w int // unread bytes are buf[r:w]
}

// fill reads until at least n (≤ len(buf)) bytes are unread, moving the unread ones
// to the front first when the room behind them is short. io.EOF when src ended before
// n bytes came, src's error when it failed.
func (d *demuxer) fill(n int) error {
	if d.w-d.r >= n {
		return nil
	}
	if d.r == d.w {
		d.r, d.w = 0, 0
	} else if len(d.buf)-d.r < n {
		d.w = copy(d.buf, d.buf[d.r:d.w])
		d.r = 0
	}
	for empty := 0; d.w-d.r < n; {
		m, err := d.src.Read(d.buf[d.w:])
		d.w += m
		if d.w-d.r >= n {
			return nil
		}
		if err != nil {
			return err
		}
		if m > 0 {
			empty = 0
		} else if empty++; empty >= demuxMaxEmptyReads {
			return io.ErrNoProgress
		}
	}
	return nil
}
