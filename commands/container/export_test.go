package container

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestExportToStdout(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c/export").Reply(200, "tar data")
	r := lcExec(t, e, clitest.Options{}, newExportCommand, "c")
	lcCheck(t, r, "tar data", "", 0, "")
}

func TestExportRefusesTerminal(t *testing.T) {
	e := fakeengine.New(t) // no request is made
	r := lcExec(t, e, clitest.Options{Terminal: true}, newExportCommand, "nosuch")
	lcCheck(t, r, "", "", 1, "cowardly refusing to save to a terminal. Use the -o flag or redirect")
}

func TestExportToFileAtomically(t *testing.T) {
	e := fakeengine.New(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.tar")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.Expect("GET", "/containers/c/export").Reply(200, "tar data")
	// a stream that breaks half way: the old file stays, no temporary file is left
	e.Expect("GET", "/containers/broken/export").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.Write([]byte(strings.Repeat("x", 1000)))
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	r := lcExec(t, e, clitest.Options{Terminal: true}, newExportCommand, "-o", out, "broken")
	if r.code != 1 || !strings.HasPrefix(r.msg, "failed to export container: ") {
		t.Errorf("%+v", r)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("target changed by a failed export: %q", b)
	}
	lcExportOnlyFiles(t, dir, "out.tar")

	r = lcExec(t, e, clitest.Options{Terminal: true}, newExportCommand, "--output", out, "c")
	lcCheck(t, r, "", "", 0, "")
	if b, _ := os.ReadFile(out); string(b) != "tar data" {
		t.Errorf("exported %q", b)
	}
	lcExportOnlyFiles(t, dir, "out.tar")
}

func TestExportOutputChecks(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/nosuch/export").ReplyError(404, "No such container: nosuch")
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for _, c := range []struct{ out, msg string }{
		{filepath.Join(dir, "missing", "x.tar"), "failed to export container: invalid output path: stat " + filepath.Join(dir, "missing") + ": no such file or directory"},
		{filepath.Join(file, "x.tar"), "failed to export container: invalid output path: stat " + file + ": not a directory"},
		{dir, "failed to export container: cannot write to a directory"},
		{dir + "/", "failed to export container: cannot write to a directory"},
		// docker takes the directory of "file/" to be "file"
		{file + "/", "failed to export container: invalid output path: stat " + file + ": not a directory"},
	} {
		r := lcExec(t, e, clitest.Options{}, newExportCommand, "-o", c.out, "c")
		lcCheck(t, r, "", "", 1, c.msg)
	}
	r := lcExec(t, e, clitest.Options{}, newExportCommand, "-o", filepath.Join(dir, "n.tar"), "nosuch")
	lcCheck(t, r, "", "", 1, lcNoSuchMsg)
	lcExportOnlyFiles(t, dir, "file")
}

func lcExportOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files in %s: %v, want %v", dir, got, want)
	}
}

// docker refuses to write through a symbolic link (even a dangling one) and creates
// its temporary file ".tmp-<name>..." before it asks the engine: an unwritable
// directory is reported before a missing container.
func TestExportSymlinkAndTempFirst(t *testing.T) {
	e := fakeengine.New(t) // no request is made
	dir := t.TempDir()
	link := filepath.Join(dir, "link.tar")
	if err := os.Symlink(filepath.Join(dir, "missing.tar"), link); err != nil {
		t.Fatal(err)
	}
	r := lcExec(t, e, clitest.Options{}, newExportCommand, "-o", link, "nosuch")
	lcCheck(t, r, "", "", 1, "failed to export container: cannot write to a symbolic link directly")
	lcExportOnlyFiles(t, dir, "link.tar")

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for out, msg := range map[string]string{
		"/dev/null": "cannot write to a character device file",
		fifo:        "cannot write to a named pipe (FIFO)",
	} {
		r = lcExec(t, e, clitest.Options{}, newExportCommand, "-o", out, "nosuch")
		lcCheck(t, r, "", "", 1, "failed to export container: "+msg)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null replaced: %v %v", fi, err)
	}

	r = lcExec(t, e, clitest.Options{}, newExportCommand, "-o", "/proc/x.tar", "nosuch")
	if r.code != 1 || !strings.HasPrefix(r.msg, "failed to export container: open /proc/.tmp-x.tar") {
		t.Errorf("%+v", r)
	}
}
