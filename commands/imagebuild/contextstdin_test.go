package imagebuild

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

func tarOf(t *testing.T, format tar.Format, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range files {
		assert.NilError(t, tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: 2, Format: format}))
		_, err := tw.Write([]byte("x\n"))
		assert.NilError(t, err)
	}
	assert.NilError(t, tw.Close())
	return buf.Bytes()
}

func gzipOf(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	assert.NilError(t, err)
	assert.NilError(t, zw.Close())
	return buf.Bytes()
}

// TestStdinContext: what docker 28 did with each stdin: an archive (known
// compression, or a tar whose first header reads in 512 bytes) forwarded byte for
// byte and no dockerfile= unless -f; anything else wrapped as "Dockerfile".
func TestStdinContext(t *testing.T) {
	plain := tarOf(t, tar.FormatUSTAR, "a")
	badsum := append([]byte(nil), plain...)
	copy(badsum[148:154], "777777")
	for _, tc := range []struct {
		name    string
		in      []byte
		archive bool
	}{
		{"tar", plain, true},
		{"gzip", gzipOf(t, plain), true},
		{"bzip2 magic", []byte("BZh91AY&SY"), true},
		{"bzip2 magic alone", []byte("BZh"), true},
		{"xz magic", []byte{0xfd, '7', 'z', 'X', 'Z', 0, 0, 4}, true},
		{"zstd magic", []byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0}, true},
		{"gzip of a Dockerfile", gzipOf(t, []byte("FROM bb\n")), true},
		{"gzip magic cut short", []byte{0x1f, 0x8b}, false},
		{"pax first entry", tarOf(t, tar.FormatPAX, "ünï cödé.txt"), false},
		{"zero blocks", make([]byte, 1024), false},
		{"bad checksum", badsum, false},
		{"dockerfile", []byte("FROM bb\n"), false},
		{"empty", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := open(t, ContextOptions{Spec: "-", Stdin: bytes.NewReader(tc.in)})
			assert.NilError(t, err)
			body, err := io.ReadAll(c.Body)
			assert.NilError(t, err)
			if tc.archive {
				assert.Check(t, bytes.Equal(body, tc.in), "forwarded as it came")
				assert.Check(t, is.Equal(c.Dockerfile, ""))
				return
			}
			assert.Check(t, is.Equal(c.Dockerfile, "Dockerfile"))
			es, n := readEntries(t, bytes.NewReader(body))
			assert.Assert(t, is.Len(es, 1))
			assert.Check(t, is.Equal(es[0].Name, "Dockerfile"))
			assert.Check(t, is.Equal(es[0].Mode, int64(0o644)))
			assert.Check(t, is.Equal(es[0].Size, int64(len(tc.in))))
			// header, content padded, two end blocks: 1536 bytes for an empty stdin
			assert.Check(t, is.Equal(n, int64(512+(len(tc.in)+511)/512*512+1024)))
		})
	}
}

func TestStdinContextV7(t *testing.T) {
	// GNU tar --format=v7: no magic, still a tar for docker
	v7 := tarOf(t, tar.FormatUSTAR, "a")
	copy(v7[257:265], make([]byte, 8))
	fixChecksum(v7[:512])
	c, err := open(t, ContextOptions{Spec: "-", Stdin: bytes.NewReader(v7)})
	assert.NilError(t, err)
	body, err := io.ReadAll(c.Body)
	assert.NilError(t, err)
	assert.Check(t, bytes.Equal(body, v7))
	assert.Check(t, is.Equal(c.Dockerfile, ""))
}

func fixChecksum(h []byte) {
	copy(h[148:156], "        ")
	sum := 0
	for _, b := range h {
		sum += int(b)
	}
	copy(h[148:156], []byte(strings.TrimLeft(string(appendOctal(sum)), " ")+"\x00 "))
}

func appendOctal(n int) []byte {
	s := []byte("000000")
	for i := 5; i >= 0; i-- {
		s[i] = byte('0' + n%8)
		n /= 8
	}
	return s
}

func TestStdinContextWithDockerfileFlag(t *testing.T) {
	c, err := open(t, ContextOptions{Spec: "-", Dockerfile: "sub/x", Stdin: bytes.NewReader(tarOf(t, tar.FormatUSTAR, "sub/x"))})
	assert.NilError(t, err)
	assert.Check(t, is.Equal(c.Dockerfile, "sub/x"))

	_, err = open(t, ContextOptions{Spec: "-", Dockerfile: "sub/x", Stdin: strings.NewReader("FROM bb\n")})
	assert.Error(t, err, "unable to prepare context: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles")
}
