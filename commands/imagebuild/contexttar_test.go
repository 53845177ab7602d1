package imagebuild

import (
	"archive/tar"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

var stamp = time.Date(2020, 1, 2, 3, 4, 5, 123456789, time.UTC)

// dockerTree1 is the tree docker 28 was observed with (t1 in the report): modes,
// a hard link, a symlink, a fifo, an empty directory, a foreign owner, a
// sub-second mtime, and a .dockerignore excluding a directory but one of its
// subdirectories, the Dockerfile and itself.
func dockerTree1(t *testing.T) string {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"Dockerfile":    "FROM bb\n",
		"a.txt":         "hello\n",
		"sub/deep/f":    "x\n",
		"empty/":        "",
		"ign/keep/k":    "k\n",
		"ign/i":         "i\n",
		"link@":         "a.txt",
		".dockerignore": "ign\n!ign/keep\nDockerfile\n.dockerignore\n",
	})
	assert.NilError(t, os.Chmod(filepath.Join(dir, "a.txt"), 0o751))
	assert.NilError(t, os.Link(filepath.Join(dir, "a.txt"), filepath.Join(dir, "hard")))
	assert.NilError(t, syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644))
	assert.NilError(t, os.Chmod(filepath.Join(dir, "fifo"), 0o644))
	if os.Geteuid() == 0 {
		assert.NilError(t, os.Chown(filepath.Join(dir, "sub/deep/f"), 1234, 5678))
	}
	assert.NilError(t, os.Chtimes(filepath.Join(dir, "a.txt"), stamp, stamp))
	return dir
}

// checkHeaders asserts what docker sends for every entry whatever it is: owner 0
// with no names, the mtime of the file cut to the second, no atime/ctime.
func checkHeaders(t *testing.T, dir string, es []entry) {
	t.Helper()
	for _, e := range es {
		assert.Check(t, e.Uid == 0 && e.Gid == 0 && e.Uname == "" && e.Gname == "", "%s: %d:%d %q:%q", e.Name, e.Uid, e.Gid, e.Uname, e.Gname)
		if strings.HasPrefix(e.Name, ".dockerfile.") {
			continue
		}
		fi, err := os.Lstat(filepath.Join(dir, strings.TrimSuffix(e.Name, "/")))
		if err != nil {
			continue // an added .dockerignore
		}
		assert.Check(t, e.ModTime.Equal(fi.ModTime().Truncate(time.Second)), "%s: %v vs %v", e.Name, e.ModTime, fi.ModTime())
	}
}

func TestDirTarAsDocker(t *testing.T) {
	dir := dockerTree1(t)
	es, n, c := mustOpen(t, ContextOptions{Spec: dir})
	assert.Check(t, is.Equal(c.Dockerfile, "Dockerfile"))
	assert.Check(t, !c.Streamed)
	want := []string{
		".dockerignore 0 644 39 \"\"",
		"Dockerfile 0 644 8 \"\"",
		"a.txt 0 751 6 \"\"",
		"empty/ 5 755 0 \"\"",
		"fifo 6 644 0 \"\"",
		"hard 1 751 0 \"a.txt\"",
		"ign/keep/ 5 755 0 \"\"",
		"ign/keep/k 0 644 2 \"\"",
		"link 2 777 0 \"a.txt\"",
		"sub/ 5 755 0 \"\"",
		"sub/deep/ 5 755 0 \"\"",
		"sub/deep/f 0 644 2 \"\"",
	}
	got := make([]string, len(es))
	for i, e := range es {
		got[i] = e.String()
		assert.Check(t, is.Equal(e.Format, tar.FormatUSTAR), e.Name)
	}
	assert.Check(t, is.DeepEqual(got, want))
	assert.Check(t, is.Equal(n, int64(9728)), "docker sent 9728 bytes for this tree")
	assert.Check(t, es[2].ModTime.Equal(stamp.Truncate(time.Second)))
	checkHeaders(t, dir, es)
}

func TestDirTarNamesModesSockets(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("d", 60) + "/" + strings.Repeat("d", 60)
	tree(t, dir, map[string]string{
		"Dockerfile":                  "FROM bb\n",
		long + "/file_with_long_name": "long\n",
		"ünï cödé.txt":                "u\n",
		"suid":                        "s\n",
		"sparse":                      "big\n",
		"sticky/":                     "",
		"dangling@":                   "/nonexistent/abs",
		"rel@":                        "sub-missing",
	})
	assert.NilError(t, os.Chmod(filepath.Join(dir, "suid"), os.ModeSetuid|0o755))
	assert.NilError(t, os.Chmod(filepath.Join(dir, "sticky"), os.ModeSticky|0o777))
	assert.NilError(t, os.Link(filepath.Join(dir, "Dockerfile"), filepath.Join(dir, "Dockerfile.hard")))
	l, err := net.Listen("unix", filepath.Join(dir, "sock"))
	assert.NilError(t, err)
	defer l.Close()

	var warn bytes.Buffer
	es, n, _ := mustOpen(t, ContextOptions{Spec: dir, Warnings: &warn})
	got := make([]string, len(es))
	for i, e := range es {
		got[i] = e.String()
	}
	assert.Check(t, is.DeepEqual(got, []string{
		"Dockerfile 0 644 8 \"\"",
		"Dockerfile.hard 1 644 0 \"Dockerfile\"",
		"dangling 2 777 0 \"/nonexistent/abs\"",
		strings.Repeat("d", 60) + "/ 5 755 0 \"\"",
		long + "/ 5 755 0 \"\"",
		long + "/file_with_long_name 0 644 5 \"\"",
		"rel 2 777 0 \"sub-missing\"",
		"sparse 0 644 4 \"\"",
		"sticky/ 5 1777 0 \"\"",
		"suid 0 4755 2 \"\"",
		"ünï cödé.txt 0 644 2 \"\"",
	}))
	// Go's format choice, as docker's: USTAR (a long name split into prefix), PAX
	// for a name USTAR cannot hold
	for _, e := range es {
		want := tar.FormatUSTAR
		if e.Name == "ünï cödé.txt" {
			want = tar.FormatPAX
		}
		assert.Check(t, is.Equal(e.Format, want), e.Name)
	}
	assert.Check(t, is.Equal(n, int64(10240)), "docker sent 10240 bytes for this tree")
	// docker logs the socket it leaves out (logrus' format) and goes on
	assert.Check(t, is.Regexp(`^time="[^"]+" level=error msg="Can't add file `+regexpQuote(filepath.Join(dir, "sock"))+` to tar: archive/tar: sockets not supported"\n$`, warn.String()))
	checkHeaders(t, dir, es)
}

func regexpQuote(s string) string {
	r := strings.NewReplacer(".", `\.`, "+", `\+`, "(", `\(`, ")", `\)`)
	return r.Replace(s)
}

// TestDirTarOutsideDockerfile: -f outside the context, or -f -, as docker 28 sends
// them: .dockerignore extended (or added), the Dockerfile appended under a random
// name, the stream ending unpadded after it.
func TestDirTarOutsideDockerfile(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.Dockerfile")
	assert.NilError(t, os.WriteFile(outside, []byte("FROM bb\n"), 0o644))

	t.Run("with .dockerignore", func(t *testing.T) {
		dir := dockerTree1(t)
		es, n, c := mustOpen(t, ContextOptions{Spec: dir, Dockerfile: outside})
		assert.Check(t, strings.HasPrefix(c.Dockerfile, ".dockerfile."))
		// "Dockerfile" is excluded again: it is not the Dockerfile any more
		assert.Check(t, is.DeepEqual(names(es), []string{".dockerignore", "a.txt", "empty/", "fifo", "hard", "ign/keep/", "ign/keep/k", "link", "sub/", "sub/deep/", "sub/deep/f", c.Dockerfile}))
		assert.Check(t, is.Equal(es[0].Content, "ign\n!ign/keep\nDockerfile\n.dockerignore\n\n"+c.Dockerfile+"\n"))
		assert.Check(t, is.Equal(es[0].Mode, int64(0o644)))
		last := es[len(es)-1]
		assert.Check(t, is.Equal(last.Content, "FROM bb\n"))
		assert.Check(t, is.Equal(last.Mode, int64(0o600)))
		assert.Check(t, is.Equal(n, int64(8200)), "docker sent 8200 bytes: no padding, no end blocks")
		checkHeaders(t, dir, es)
	})
	t.Run("without .dockerignore", func(t *testing.T) {
		dir := t.TempDir()
		tree(t, dir, map[string]string{"a": "a\n"})
		es, n, c := mustOpen(t, ContextOptions{Spec: dir, Dockerfile: outside})
		assert.Check(t, is.DeepEqual(names(es), []string{"a", c.Dockerfile, ".dockerignore"}))
		assert.Check(t, is.Equal(es[2].Content, ".dockerignore\n"+c.Dockerfile+"\n"))
		assert.Check(t, is.Equal(es[2].Mode, int64(0o600)))
		assert.Check(t, is.Equal(n, int64(2607)))
	})
	t.Run("-f -", func(t *testing.T) {
		dir := t.TempDir()
		tree(t, dir, map[string]string{"a": "a\n"})
		es, n, c := mustOpen(t, ContextOptions{Spec: dir, Dockerfile: "-", Stdin: strings.NewReader("FROM bb\n")})
		assert.Check(t, is.DeepEqual(names(es), []string{"a", c.Dockerfile, ".dockerignore"}))
		assert.Check(t, is.Equal(es[1].Content, "FROM bb\n"))
		assert.Check(t, is.Equal(n, int64(2607)))
	})
}

// TestContextTarConstantMemory streams a 256 MiB (sparse) file: what the producer
// allocates must not grow with it.
func TestContextTarConstantMemory(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"Dockerfile": "FROM bb\n"})
	f, err := os.Create(filepath.Join(dir, "big"))
	assert.NilError(t, err)
	assert.NilError(t, f.Truncate(256<<20))
	assert.NilError(t, f.Close())

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, err := open(t, ContextOptions{Spec: dir})
	assert.NilError(t, err)
	n, err := io.Copy(io.Discard, c.Body)
	assert.NilError(t, err)
	runtime.ReadMemStats(&after)
	assert.Check(t, n > 256<<20)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("streamed %d bytes, allocated %d bytes in all", n, allocated)
	assert.Check(t, allocated < 4<<20, "allocated %d bytes for a 256 MiB file", allocated)
}

func BenchmarkContextTar(b *testing.B) {
	dir := b.TempDir()
	tree(b, dir, map[string]string{"Dockerfile": "FROM bb\n"})
	for i := range 100 {
		tree(b, dir, map[string]string{filepath.Join("files", string(rune('a'+i%26)), strings.Repeat("f", i%7+1)+string(rune('0'+i%10))): strings.Repeat("x", 1<<10)})
	}
	f, err := os.Create(filepath.Join(dir, "big"))
	assert.NilError(b, err)
	assert.NilError(b, f.Truncate(64<<20))
	assert.NilError(b, f.Close())
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		c, err := open(b, ContextOptions{Spec: dir})
		assert.NilError(b, err)
		size, err = io.Copy(io.Discard, c.Body)
		assert.NilError(b, err)
		c.Body.Close()
	}
	b.SetBytes(size)
}
