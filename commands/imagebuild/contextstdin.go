package imagebuild

import (
	"archive/tar"
	"bufio"
	"bytes"
	"errors"
	"io"
	"time"
)

// sniffSize is how much of a stream from stdin or a URL is read before deciding
// what it is; a remote context no longer than this is whole before the upload.
const sniffSize = 4096

// compressionMagics are the compressions docker recognises; such a stream is sent
// as it is (the engine decompresses), whatever it holds.
func compressionMagics() [][]byte {
	return [][]byte{
		{0x1f, 0x8b, 0x08},               // gzip
		{'B', 'Z', 'h'},                  // bzip2
		{0xfd, '7', 'z', 'X', 'Z', 0x00}, // xz
		{0x28, 0xb5, 0x2f, 0xfd},         // zstd
	}
}

// sniff tells an archive from a Dockerfile by the start of a stream: a known
// compression, or a first tar header that reads in 512 bytes (a PAX or GNU
// long-name first entry does not, and docker then takes the stream for a
// Dockerfile too). whole reports that the stream ended within the bytes read.
func sniff(br *bufio.Reader) (archive, compressed, whole bool, err error) {
	head, err := br.Peek(sniffSize)
	switch {
	case err == io.EOF || errors.Is(err, bufio.ErrBufferFull):
		whole = err == io.EOF
	case err != nil:
		return false, false, false, err
	}
	for _, m := range compressionMagics() {
		if bytes.HasPrefix(head, m) {
			return true, true, whole, nil
		}
	}
	if len(head) >= 512 {
		if _, err := tar.NewReader(bytes.NewReader(head[:512])).Next(); err == nil {
			return true, false, whole, nil
		}
	}
	return false, false, whole, nil
}

// openStdinContext reads the context from stdin: an archive goes to the engine as
// it comes, anything else is a Dockerfile, sent in a tar of its own.
func openStdinContext(opts ContextOptions) (*Context, error) {
	in := opts.Stdin
	if in == nil {
		in = bytes.NewReader(nil)
	}
	br := bufio.NewReaderSize(in, sniffSize)
	archive, _, _, err := sniff(br)
	if err != nil {
		return nil, prepareError{err}
	}
	if archive {
		return &Context{Body: io.NopCloser(br), Dockerfile: opts.Dockerfile}, nil
	}
	if opts.Dockerfile != "" {
		return nil, prepareError{errors.New("ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles")}
	}
	content, err := io.ReadAll(br)
	if err != nil {
		return nil, prepareError{err}
	}
	return dockerfileContext(content, time.Now()), nil
}

// dockerfileContext is docker's tar around a lone Dockerfile: one "Dockerfile",
// mode 0644, mtime now.
func dockerfileContext(content []byte, now time.Time) *Context {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	_ = writeFile(tw, &tar.Header{Typeflag: tar.TypeReg, Name: "Dockerfile", Mode: 0o644, ModTime: now.Truncate(time.Second)}, content)
	_ = tw.Close() // writes to memory: cannot fail
	return &Context{Body: io.NopCloser(&buf), Dockerfile: "Dockerfile"}
}
