package man

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"gotest.tools/v3/assert"
)

var testDate = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// shown reports whether a user sees c in help: neither it nor a parent hidden, and not
// `help` itself.
func shown(c *cobra.Command) bool {
	for p := c; p.HasParent(); p = p.Parent() {
		if p.Hidden || p.Name() == "help" || p.Deprecated != "" {
			return false
		}
	}
	return true
}

// TestEveryCommandHasAPage checks that every command help lists gets a man page and a
// markdown page, under docker's naming (docker-container-run.1), and no hidden one does.
func TestEveryCommandHasAPage(t *testing.T) {
	t.Setenv("DOCKER_API_VERSION", "") // it would hide flags, as in help
	top := Tree()
	mans, err := ManPages(top, testDate)
	assert.NilError(t, err)
	mds, err := MarkdownPages(top)
	assert.NilError(t, err)
	manNames := map[string]bool{}
	for _, p := range mans {
		manNames[p.Name] = true
	}
	mdNames := map[string]bool{}
	for _, p := range mds {
		mdNames[p.Name] = true
	}
	n := 0
	walk(top, func(c *cobra.Command) {
		path := c.CommandPath()
		man := strings.ReplaceAll(path, " ", "-") + ".1"
		md := strings.ReplaceAll(path, " ", "_") + ".md"
		if !shown(c) {
			if manNames[man] || mdNames[md] {
				t.Errorf("%s: hidden, yet it has a page", path)
			}
			return
		}
		n++
		if !manNames[man] {
			t.Errorf("%s: no man page %s", path, man)
		}
		if !mdNames[md] {
			t.Errorf("%s: no markdown page %s", path, md)
		}
	})
	assert.Equal(t, len(mans), n)
	assert.Equal(t, len(mds), n)
	for _, want := range []string{"docker.1", "docker-run.1", "docker-container-run.1", "docker-image-ls.1", "docker-network-create.1"} {
		assert.Assert(t, manNames[want], want)
	}
}

// TestPagesContent checks one page's sections: our prose, the synopsis, the flags as
// help shows them (gated ones included), the home directory written as ~.
func TestPagesContent(t *testing.T) {
	t.Setenv("HOME", "/home/someone")
	t.Setenv("DOCKER_API_VERSION", "")
	top := Tree()
	mans, err := ManPages(top, testDate)
	assert.NilError(t, err)
	page := func(name string) string {
		for _, p := range mans {
			if p.Name == name {
				return string(p.Data)
			}
		}
		t.Fatalf("no page %s", name)
		return ""
	}
	run := page("docker-container-run.1")
	for _, want := range []string{
		`.TH "DOCKER-CONTAINER-RUN" "1" "Nov 2026" "skiff"`,
		"docker-container-run - Create and run a new container from an image",
		`\fBdocker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\fP`,
		`\fB-d\fP, \fB--detach\fP`,
		`\fB--detach-keys\fP`,
		`\fBdocker-container(1)\fP`,
	} {
		assert.Assert(t, strings.Contains(run, want), "docker-container-run.1 lacks %q:\n%s", want, run)
	}
	// run has a --help of its own in its help (-h is its --hostname), as docker's;
	// elsewhere -h/--help is hidden
	assert.Assert(t, strings.Contains(run, `\fB--help\fP`), run)
	ls := page("docker-container-ls.1")
	assert.Assert(t, !strings.Contains(ls, "--help"), "the hidden -h/--help is documented:\n%s", ls)
	docker := page("docker.1")
	assert.Assert(t, strings.Contains(docker, `\fB--config\fP="~/.docker"`), docker)
	assert.Assert(t, !strings.Contains(docker, "/home/someone"), docker)
	assert.Assert(t, strings.Contains(docker, `\fBdocker-run(1)\fP`), docker)
	assert.Assert(t, !strings.Contains(docker, "docker-help"), docker)
	assert.Assert(t, !strings.Contains(docker, "Auto generated"), docker)
}

// TestPagesRender renders every man page with man(1) as a reader would, at 80 columns,
// and fails on any warning groff gives.
func TestPagesRender(t *testing.T) {
	if _, err := exec.LookPath("man"); err != nil {
		t.Fatal("man(1) is needed (Debian's man-db; .ci/run installs it)")
	}
	dir := t.TempDir()
	mans, err := ManPages(Tree(), testDate)
	assert.NilError(t, err)
	assert.NilError(t, Write(dir, mans))
	for _, p := range mans {
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command("man", "-l", "--warnings", filepath.Join(dir, p.Name))
			cmd.Env = append(os.Environ(), "MANWIDTH=80", "LC_ALL=C.UTF-8", "MANPAGER=cat", "PAGER=cat")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			assert.NilError(t, cmd.Run(), errb.String())
			assert.Equal(t, errb.String(), "", "man warns")
			name := strings.TrimSuffix(p.Name, ".1")
			assert.Assert(t, regexp.MustCompile(`NAME\n\s+`+regexp.QuoteMeta(name)+`\s+- `).MatchString(out.String()), out.String())
			for _, line := range strings.Split(out.String(), "\n") {
				if len([]rune(line)) > 80 {
					t.Errorf("line wider than 80 columns: %q", line)
				}
			}
		})
	}
}

// TestWriteReplacesPages checks that Write makes the directory and replaces old pages,
// and leaves no scratch directory behind.
func TestWriteReplacesPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "man1")
	assert.NilError(t, Write(dir, []Page{{"x.1", []byte("old")}}))
	assert.NilError(t, Write(dir, []Page{{"x.1", []byte("new")}, {"y.1", []byte("y")}}))
	entries, err := os.ReadDir(dir)
	assert.NilError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.DeepEqual(t, names, []string{"x.1", "y.1"})
	b, err := os.ReadFile(filepath.Join(dir, "x.1"))
	assert.NilError(t, err)
	assert.Equal(t, string(b), "new")
}

// unwritableDir returns a directory this process cannot create files in: one of its own
// made read-only, or for root (whom modes do not stop) sysfs's root.
func unwritableDir(t *testing.T) string {
	if os.Geteuid() != 0 {
		dir := t.TempDir()
		assert.NilError(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	if f, err := os.Create("/sys/skiff-man-test"); err == nil {
		f.Close()
		os.Remove("/sys/skiff-man-test")
		t.Fatal("/sys is writable here: no unwritable directory for root")
	}
	return "/sys"
}

// TestWriteUnwritable checks the error for a directory that cannot take the pages: one
// line naming it and the cause, and nothing written.
func TestWriteUnwritable(t *testing.T) {
	dir := unwritableDir(t)
	before, _ := os.ReadDir(dir)
	err := Write(dir, []Page{{"x.1", []byte("x")}})
	// EACCES for a mode, EPERM for sysfs
	assert.Assert(t, err != nil && (err.Error() == "cannot write to "+dir+": permission denied" ||
		err.Error() == "cannot write to "+dir+": operation not permitted"), "%v", err)
	after, _ := os.ReadDir(dir)
	assert.Equal(t, len(after), len(before))

	file := filepath.Join(t.TempDir(), "file")
	assert.NilError(t, os.WriteFile(file, nil, 0o644))
	err = Write(filepath.Join(file, "man1"), []Page{{"x.1", []byte("x")}})
	assert.Error(t, err, "cannot write to "+filepath.Join(file, "man1")+": not a directory")
}

// TestShippedBinaryLacksGenerator checks that the docker binary does not link the
// generator (cobra/doc, go-md2man, blackfriday): it would cost size and start-up.
func TestShippedBinaryLacksGenerator(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/skiff-cli/skiff/cmd/docker").CombinedOutput()
	assert.NilError(t, err, string(out))
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"github.com/spf13/cobra/doc", "go-md2man", "blackfriday", "github.com/skiff-cli/skiff/man"} {
			if strings.Contains(dep, bad) {
				t.Errorf("cmd/docker depends on %s", dep)
			}
		}
	}
}
