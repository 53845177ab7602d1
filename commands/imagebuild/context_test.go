package imagebuild

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

// The expectations in these tests were recorded from docker 28.2.2
// (DOCKER_BUILDKIT=0 docker build ...) against a fake engine that kept the body and
// query of POST /build; see the report of issue 9.

// entry is what the tests compare of a tar header (and the content of small files).
type entry struct {
	Name     string
	Type     byte
	Mode     int64
	Size     int64
	Link     string
	Content  string // regular files up to 200 bytes
	Format   tar.Format
	ModTime  time.Time
	Uid, Gid int
	Uname    string
	Gname    string
}

func (e entry) String() string {
	return fmt.Sprintf("%s %c %o %d %q", e.Name, e.Type, e.Mode, e.Size, e.Link)
}

// readEntries reads a whole tar; it accepts docker's unterminated streams.
func readEntries(t testing.TB, r io.Reader) ([]entry, int64) {
	t.Helper()
	cr := &countingReader{r: r}
	tr := tar.NewReader(cr)
	var out []entry
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		assert.NilError(t, err)
		data, err := io.ReadAll(tr)
		assert.NilError(t, err)
		e := entry{Name: h.Name, Type: h.Typeflag, Mode: h.Mode, Size: h.Size, Link: h.Linkname, Format: h.Format,
			ModTime: h.ModTime, Uid: h.Uid, Gid: h.Gid, Uname: h.Uname, Gname: h.Gname}
		if len(data) <= 200 && h.Typeflag == tar.TypeReg {
			e.Content = string(data)
		}
		out = append(out, e)
	}
	_, err := io.Copy(io.Discard, cr)
	assert.NilError(t, err)
	return out, cr.n
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func names(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

func open(t testing.TB, opts ContextOptions) (*Context, error) {
	t.Helper()
	c, err := OpenContext(context.Background(), opts)
	if err == nil {
		t.Cleanup(func() { c.Body.Close() })
	}
	return c, err
}

func mustOpen(t testing.TB, opts ContextOptions) ([]entry, int64, *Context) {
	t.Helper()
	c, err := open(t, opts)
	assert.NilError(t, err)
	es, n := readEntries(t, c.Body)
	assert.NilError(t, c.Body.Close())
	return es, n, c
}

// tree makes files under dir: "name" -> content, "name/" -> directory,
// "name@" -> symlink to content.
func tree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, strings.TrimRight(name, "/@"))
		assert.NilError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		switch {
		case strings.HasSuffix(name, "/"):
			assert.NilError(t, os.MkdirAll(p, 0o755))
		case strings.HasSuffix(name, "@"):
			assert.NilError(t, os.Symlink(content, p))
		default:
			assert.NilError(t, os.WriteFile(p, []byte(content), 0o644))
		}
	}
}

func TestOpenContextErrors(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"ctx/Dockerfile": "FROM bb\n", "ctx/a.txt": "a", "nodf/a": "a"})
	t.Chdir(dir)
	for _, tc := range []struct {
		name, spec, dockerfile, want string
	}{
		{"missing context", "nonexist", "", `unable to prepare context: path "nonexist" not found`},
		{"context is a file", "ctx/a.txt", "", "unable to prepare context: context must be a directory: " + filepath.Join(dir, "ctx/a.txt")},
		// -f is taken from the working directory, not from the context
		{"-f relative to cwd", "ctx", "Dockerfile", "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " + filepath.Join(dir, "Dockerfile") + ": no such file or directory"},
		{"-f absolute", "ctx", "/nope", "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /nope: no such file or directory"},
		{"-f missing dir", "ctx", "sub/deep", "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " + filepath.Join(dir, "sub") + ": no such file or directory"},
		{"no Dockerfile", "nodf", "", "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " + filepath.Join(dir, "nodf/Dockerfile") + ": no such file or directory"},
		{"stdin twice", "-", "-", "invalid argument: can't use stdin for both build context and dockerfile"},
		{"file:// is a path", "file:///x/y.git", "", `unable to prepare context: path "file:///x/y.git" not found`},
		{"ssh:// is a path", "ssh://h/y.git", "", `unable to prepare context: path "ssh://h/y.git" not found`},
		{"HTTP:// is a path", "HTTP://h/y.git", "", `unable to prepare context: path "HTTP://h/y.git" not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := open(t, ContextOptions{Spec: tc.spec, Dockerfile: tc.dockerfile, Stdin: strings.NewReader("")})
			assert.Error(t, err, tc.want)
		})
	}
}

func TestDockerfileLocation(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"lower/dockerfile": "FROM bb\n", "lower/a": "a",
		"ctx/Dockerfile": "FROM bb\n", "ctx/sub/x": "x",
		"ctx/out@":           filepath.Join(dir, "outside.Dockerfile"),
		"outside.Dockerfile": "FROM bb\n",
	})
	t.Chdir(dir)
	for _, tc := range []struct {
		name, spec, dockerfile, want string
	}{
		{"default", "ctx", "", "Dockerfile"},
		// docker falls back to a lower-case dockerfile
		{"lower-case fallback", "lower", "", "dockerfile"},
		{"-f inside", "ctx", "ctx/sub/x", "sub/x"},
		{"-f absolute inside", "ctx", filepath.Join(dir, "ctx/sub/x"), "sub/x"},
		// a directory is not refused: the engine is told its name
		{"-f a directory", "ctx", "ctx/sub", "sub"},
		// a symlink is resolved: pointing outside, the file is added under a random name
		{"-f symlink outside", "ctx", "ctx/out", ".dockerfile."},
		{"-f outside", "ctx", "outside.Dockerfile", ".dockerfile."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, c := mustOpen(t, ContextOptions{Spec: tc.spec, Dockerfile: tc.dockerfile})
			if strings.HasSuffix(tc.want, ".") {
				assert.Check(t, strings.HasPrefix(c.Dockerfile, tc.want) && len(c.Dockerfile) == len(".dockerfile.")+20, c.Dockerfile)
				return
			}
			assert.Check(t, is.Equal(c.Dockerfile, tc.want))
		})
	}
}

func TestRandomDockerfileName(t *testing.T) {
	a, b := randomDockerfileName(), randomDockerfileName()
	assert.Check(t, a != b)
	assert.Check(t, is.Len(a, len(".dockerfile.")+20))
	assert.Check(t, strings.Trim(strings.TrimPrefix(a, ".dockerfile."), "0123456789abcdef") == "", a)
}

func TestOpenContextStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"Dockerfile": "FROM bb\n", "a": strings.Repeat("a", 1<<20), "b": "b"})
	ctx, cancel := context.WithCancel(context.Background())
	c, err := OpenContext(ctx, ContextOptions{Spec: dir})
	assert.NilError(t, err)
	cancel()
	_, err = io.Copy(io.Discard, c.Body)
	assert.Check(t, errors.Is(err, context.Canceled), "%v", err)
	assert.NilError(t, c.Body.Close())
}

func TestCloseStopsProducer(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"Dockerfile": "FROM bb\n", "big": strings.Repeat("x", 4<<20)})
	c, err := open(t, ContextOptions{Spec: dir})
	assert.NilError(t, err)
	buf := make([]byte, 1024)
	_, err = io.ReadFull(c.Body, buf)
	assert.NilError(t, err)
	// Close returns once the producer has stopped (it would block on the pipe otherwise)
	assert.NilError(t, c.Body.Close())
	_, err = c.Body.Read(buf)
	assert.Check(t, errors.Is(err, io.ErrClosedPipe), "%v", err)
	assert.Check(t, bytes.Equal(buf[:10], []byte("Dockerfile")))
}
