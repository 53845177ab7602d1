//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"
)

// Differences from docker 28 found by the container-verbs parity sweep, one case each.

// export -o checks its output before asking the engine, as docker does: a symbolic link
// (even a dangling one), a device, a fifo or "file/" are refused, and the temporary
// file ".tmp-<name><random>" is created first (an unwritable directory is reported
// before a missing container). Renaming onto /dev/null used to replace it.
func TestSweepVerbsExportOutput(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := f.Container()
	dir, file, fifo, dangling, link, norm := outputTargets(t)
	for _, args := range [][]string{
		{"export", "-o", link, name},
		{"export", "-o", dangling, name},
		{"export", "-o", dangling, lcNoSuch},
		{"export", "-o", "/dev/null", name},
		{"export", "-o", fifo, name},
		{"export", "-o", file + "/", lcNoSuch},
		{"export", "-o", "/proc/x.tar", lcNoSuch},
	} {
		CompareWith(t, norm, nil, "", args...)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device: %v %v", fi, err)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "F" {
		t.Errorf("export through a link changed its target: %q %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("files left in the output directory: %v", entries)
	}
}

// cp: a local destination "file/" fails with stat's "not a directory" (skiff wrote the
// file); -L on a dangling or missing source reports the lstat docker's link
// resolution fails on; a dangling link as the destination is followed, its target
// created (skiff refused to copy a directory onto it); a directory entry that meets a
// non-directory is reported with the extraction directory, not the entry's name.
func TestSweepVerbsCpPaths(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	ctr := cpContainer(t, f, "/t")
	ctrs := map[string]string{"ref": ctr, "skiff": ctr}
	for _, args := range [][]string{
		{"C:/t/f", "W/file/"},
		{"C:/t/d", "W/file/"},
		{"C:/t/f", "W/lnk/"},
		{"-L", "W/dangl", "C:/t/"},
		{"-L", "W/nofile", "C:/t/"},
		{"C:/t/d", "W/dl"},
		{"C:/t/f", "W/dl"},
		{"C:/t/d", "W/dm"},
		{"C:/t/d", "W/dl/"},
		{"C:/t/d", "W/"}, // W/d is a file: docker's error names the extraction directory
	} {
		work := map[string]string{"ref": t.TempDir(), "skiff": t.TempDir()}
		for _, w := range work {
			cpLocalTree(t, w)
			if err := os.WriteFile(filepath.Join(w, "d"), []byte("D"), 0o644); err != nil {
				t.Fatal(err)
			}
			// the listing shows mtimes: the two sides' "d" must not straddle a second
			fixed := time.Unix(1700000000, 0)
			if err := os.Chtimes(filepath.Join(w, "d"), fixed, fixed); err != nil {
				t.Fatal(err)
			}
			for link, target := range map[string]string{"dangl": "gone", "dl": "newtarget", "dm": "nodir/x"} {
				if err := os.Symlink(target, filepath.Join(w, link)); err != nil {
					t.Fatal(err)
				}
			}
		}
		cpCompare(t, args, ctrs, work, func(who string) string { return cpListLocal(t, work[who]) })
	}
}

// stop and restart refuse --timeout together with the deprecated --time (exit 1),
// after printing --time's deprecation notice.
func TestSweepVerbsStopTimeConflict(t *testing.T) {
	t.Parallel()
	Compare(t, "stop", "-t", "1", "--time", "2", lcNoSuch)
	Compare(t, "container", "restart", "--time=2", "--timeout=1", lcNoSuch)
}

// Names as docker's client sends them: spaces trimmed, an empty one refused before any
// request, the path cleaned ("/name" and "name/" address name; skiff's "//" hit the
// engine's redirect: kill /x printed success without killing).
func TestSweepVerbsNames(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := f.Container("-p", "127.0.0.1::80", Image, "sh", "-c", "echo out; echo err >&2")
	f.Start(name)
	if r, err := fixtureRun("wait", name); err != nil || r.Code != 0 {
		t.Fatalf("wait: %v %s", err, r)
	}
	for _, args := range [][]string{
		{"kill", ""}, {"kill", " "}, {"stop", ""}, {"restart", ""}, {"pause", "", lcNoSuch}, {"unpause", " "},
		{"rm", " "}, {"wait", ""}, {"logs", ""}, {"logs", " "}, {"top", ""}, {"port", ""}, {"diff", ""},
		{"diff", " "}, {"export", ""}, {"commit", ""}, {"update", "--cpus", "1", ""},
		{"stats", "--no-stream", ""}, {"cp", " :/x", "-"},
		{"kill", "/" + name}, {"pause", name + "/"}, {"kill", "/"}, {"wait", "/" + name},
		{"logs", " /" + name + " "}, {"port", "/" + name}, {"top", "/" + name}, {"diff", "/" + name},
		{"update", "--restart", "no", " " + name}, {"wait", " " + name},
		{"start", ""}, {"start", " ", lcNoSuch}, {"start", "-a", ""}, {"attach", ""}, {"exec", " ", "true"},
	} {
		Compare(t, args...)
	}
}

// outputTargets makes the -o targets that export and save must refuse or handle alike:
// a regular file, a fifo, a dangling link and a link to the file, in a fresh directory;
// norm hides the random part of the temporary file's name in messages.
func outputTargets(t *testing.T) (dir, file, fifo, dangling, link string, norm func(string) string) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, "file")
	fifo = filepath.Join(dir, "fifo")
	dangling = filepath.Join(dir, "dangling.tar")
	link = filepath.Join(dir, "link.tar")
	if err := os.WriteFile(file, []byte("F"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone.tar"), dangling); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	tmpName := regexp.MustCompile(`(\.tmp-[^/ ]*?\.tar)[0-9]+`)
	norm = func(s string) string { return tmpName.ReplaceAllString(s, "$1<N>") }
	return dir, file, fifo, dangling, link, norm
}
