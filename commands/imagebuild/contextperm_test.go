package imagebuild

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

// TestCheckPermissions: docker's look through the context before sending it, as
// docker 28 did it run by nobody (t5 of the report). Root reads everything, so
// under root the test runs itself again as nobody.
func TestCheckPermissions(t *testing.T) {
	if os.Geteuid() == 0 {
		rerunAsNobody(t, "^TestCheckPermissions$")
		return
	}
	type step struct {
		name    string
		prepare func(dir string)
		want    string   // the error, "" for none
		entries []string // when no error
	}
	chmod := func(p string, m os.FileMode) { assert.NilError(t, os.Chmod(p, m)) }
	write := func(p, s string) { assert.NilError(t, os.WriteFile(p, []byte(s), 0o644)) }
	for _, tc := range []step{
		{"unreadable file", func(d string) { chmod(d+"/secret", 0) }, "error checking context: no permission to read from '{}/secret'", nil},
		{"unreadable file excluded", func(d string) { chmod(d+"/secret", 0); write(d+"/.dockerignore", "secret\n") }, "", []string{".dockerignore", "Dockerfile", "d/", "d/x"}},
		{"unreadable dir", func(d string) { chmod(d+"/d", 0) }, "error checking context: can't stat '{}/d'", nil},
		// the directory is read before its exclusion is considered
		{"unreadable dir excluded", func(d string) { chmod(d+"/d", 0); write(d+"/.dockerignore", "d\n") }, "error checking context: can't stat '{}/d'", nil},
		{"unreadable dir with exception", func(d string) { chmod(d+"/d", 0); write(d+"/.dockerignore", "d\n!d/x\n") }, "error checking context: can't stat '{}/d'", nil},
		// but not what is inside an excluded directory
		{"unreadable dir inside excluded", func(d string) {
			assert.NilError(t, os.Mkdir(d+"/d/e", 0))
			write(d+"/.dockerignore", "d\n")
		}, "", []string{".dockerignore", "Dockerfile", "secret"}},
		{"unreadable dir inside, itself excluded", func(d string) {
			assert.NilError(t, os.Mkdir(d+"/d/e", 0))
			write(d+"/.dockerignore", "d/e\n")
		}, "error checking context: can't stat '{}/d/e'", nil},
		{"unreadable Dockerfile", func(d string) { chmod(d+"/Dockerfile", 0) }, "error checking context: no permission to read from '{}/Dockerfile'", nil},
		{"unreadable context", func(d string) { chmod(d, 0) }, "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {}/Dockerfile: permission denied", nil},
		{"unreadable .dockerignore", func(d string) { write(d+"/.dockerignore", "x\n"); chmod(d+"/.dockerignore", 0) }, "open {}/.dockerignore: permission denied", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tree(t, dir, map[string]string{"Dockerfile": "FROM bb\n", "secret": "s\n", "d/x": "x\n"})
			tc.prepare(dir)
			t.Cleanup(func() {
				for _, p := range []string{dir, dir + "/d", dir + "/d/e"} {
					os.Chmod(p, 0o755) // so that TempDir's cleanup can remove them
				}
			})
			c, err := open(t, ContextOptions{Spec: dir})
			if tc.want != "" {
				assert.Check(t, is.Error(err, strings.ReplaceAll(tc.want, "{}", dir)))
				return
			}
			assert.NilError(t, err)
			es, _ := readEntries(t, c.Body)
			assert.Check(t, is.DeepEqual(names(es), tc.entries))
		})
	}
}

// rerunAsNobody runs one test of this binary again as user nobody (setpriv), from
// a copy nobody may execute.
func rerunAsNobody(t *testing.T, run string) {
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("run as root without setpriv: no way to make a file unreadable")
	}
	self, err := os.Executable()
	assert.NilError(t, err)
	dir, err := os.MkdirTemp("", "imagebuild-nobody")
	assert.NilError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	assert.NilError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "imagebuild.test")
	src, err := os.Open(self)
	assert.NilError(t, err)
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	assert.NilError(t, err)
	_, err = io.Copy(dst, src)
	assert.NilError(t, err)
	assert.NilError(t, dst.Close())
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "-test.run="+run, "-test.count=1", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR=/tmp", "HOME=/tmp")
	out, err := cmd.CombinedOutput()
	assert.NilError(t, err, string(out))
	assert.Check(t, strings.Contains(string(out), "--- PASS: "+strings.Trim(run, "^$")), string(out))
}
