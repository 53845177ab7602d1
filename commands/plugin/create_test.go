package plugin

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// pluginDir makes a plugin directory: config.json, and a rootfs with a file, a hard
// link to it, a symlink and a directory.
func pluginDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"description":"x","entrypoint":["/bin/sh"],"interface":{"types":["docker.volumedriver/1.0"],"socket":"x.sock"}}`), 0o644))
	assert.NilError(t, os.MkdirAll(filepath.Join(dir, "rootfs", "bin"), 0o755))
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "rootfs", "bin", "busybox"), []byte("#!binary"), 0o755))
	assert.NilError(t, os.Link(filepath.Join(dir, "rootfs", "bin", "busybox"), filepath.Join(dir, "rootfs", "bin", "sh")))
	assert.NilError(t, os.Symlink("busybox", filepath.Join(dir, "rootfs", "bin", "ls")))
	return dir
}

// tarEntries lists a tar's entries as "name type [link]".
func tarEntries(t *testing.T, r io.Reader) []string {
	t.Helper()
	tr := tar.NewReader(r)
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		assert.NilError(t, err)
		e := h.Name + " " + string(h.Typeflag)
		if h.Linkname != "" {
			e += " " + h.Linkname
		}
		if h.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(tr)
			assert.NilError(t, err)
			e += " " + string(b)
		}
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

func TestCreate(t *testing.T) {
	want := []string{
		"config.json 0 " + `{"description":"x","entrypoint":["/bin/sh"],"interface":{"types":["docker.volumedriver/1.0"],"socket":"x.sock"}}`,
		"rootfs/ 5",
		"rootfs/bin/ 5",
		"rootfs/bin/busybox 0 #!binary",
		"rootfs/bin/ls 2 busybox",
		"rootfs/bin/sh 1 rootfs/bin/busybox",
	}
	for _, compress := range []bool{false, true} {
		t.Run("compress="+map[bool]string{false: "no", true: "yes"}[compress], func(t *testing.T) {
			dir := pluginDir(t)
			e := fakeengine.New(t)
			var got []string
			e.Expect("POST", "/plugins/create").Query("name", "skifftest/p1").Header("Content-Type", "application/x-tar").
				ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
					body, err := io.ReadAll(r.Body)
					assert.Check(t, err)
					var rd io.Reader = bytes.NewReader(body)
					if compress {
						zr, err := gzip.NewReader(rd)
						assert.Check(t, err)
						rd = zr
					} else {
						assert.Check(t, !bytes.HasPrefix(body, []byte{0x1f, 0x8b}))
					}
					got = tarEntries(t, rd)
					w.WriteHeader(http.StatusNoContent)
				})
			cli := clitest.New(t, e.Host())
			args := []string{"skifftest/p1", dir}
			if compress {
				args = append([]string{"--compress"}, args...)
			}
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), args...))
			assert.Equal(t, cli.OutBuf.String(), "skifftest/p1\n")
			assert.DeepEqual(t, got, want)
		})
	}
	t.Run("extra arguments ignored", func(t *testing.T) {
		dir := pluginDir(t)
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/create").Query("name", "127.0.0.1:5000/skifftest/pp:v1").Reply(204, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newCreateCommand(cli), "127.0.0.1:5000/skifftest/pp:v1", dir, "extra"))
		assert.Equal(t, cli.OutBuf.String(), "127.0.0.1:5000/skifftest/pp:v1\n")
	})
	t.Run("daemon refuses", func(t *testing.T) {
		dir := pluginDir(t)
		e := fakeengine.New(t)
		e.Expect("POST", "/plugins/create").ReplyError(500, "no rootfs found: EOF")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newCreateCommand(cli), "skifftest/p1", dir)
		assert.Error(t, err, "Error response from daemon: no rootfs found: EOF")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
}

// docker 28 checks these before it sends anything (the fake engine fails on a request).
func TestCreateErrors(t *testing.T) {
	dir := pluginDir(t)
	empty := t.TempDir()
	bad := t.TempDir()
	assert.NilError(t, os.WriteFile(filepath.Join(bad, "config.json"), []byte("{bad"), 0o644))
	t.Chdir(t.TempDir())
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "uppercase", args: []string{"Bad", "/nonexistent"}, want: "invalid reference format: repository name (library/Bad) must be lowercase"},
		{name: "digest", args: []string{"skifftest/c1@sha256:aaaa", dir}, want: "invalid reference format"},
		{name: "missing directory, made absolute", args: []string{"skifftest/c1", "nodir"}, want: "lstat " + filepath.Join(mustGetwd(t), "nodir") + ": no such file or directory"},
		{name: "not a directory", args: []string{"skifftest/c1", filepath.Join(dir, "config.json")}, want: "context must be a directory"},
		{name: "no config.json", args: []string{"skifftest/c1", empty}, want: "open " + empty + "/config.json: no such file or directory"},
		{name: "bad config.json", args: []string{"skifftest/c1", bad}, want: "invalid character 'b' looking for beginning of object key string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), tc.args...)
			assert.Error(t, err, tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
	t.Run("one argument", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newCreateCommand(cli), "x")
		assert.Equal(t, firstLine(err.Error()), "docker: 'create' requires at least 2 arguments")
	})
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	assert.NilError(t, err)
	return strings.TrimSuffix(wd, "/")
}
