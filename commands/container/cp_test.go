package container

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestCpSplitArg(t *testing.T) {
	for _, tc := range []struct{ in, ctr, path string }{
		{"c1:/x", "c1", "/x"},
		{"c1:rel", "c1", "rel"},
		{"c1:", "c1", ""},
		{"/abs:x", "", "/abs:x"},
		{"./a:b", "", "./a:b"},
		{"file", "", "file"},
		{":/x", "", "/x"},
		{"-", "", "-"},
	} {
		if c, p := cpSplitArg(tc.in); c != tc.ctr || p != tc.path {
			t.Errorf("%q: %q %q, want %q %q", tc.in, c, p, tc.ctr, tc.path)
		}
	}
}

func TestCpRebase(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"d/", "d", "x", "x/"},
		{"d/a", "d", "x", "x/a"},
		{"d", "d", "x", "x"},
		{"dd/a", "d", "x", "dd/a"},
		{"./", ".", "new", "new/"},
		{"./a", ".", "new", "new/a"},
		{"/", "/", "root", "root"},
		{"/.dockerenv", "/", "root", "root/.dockerenv"},
		{"f", "f", "f", "f"},
		{"d/a", "d", ".", "a"},
	} {
		if got := cpRebase(tc.name, tc.from, tc.to); got != tc.want {
			t.Errorf("cpRebase(%q, %q, %q) = %q, want %q", tc.name, tc.from, tc.to, got, tc.want)
		}
	}
}

// docker cp's path rules, as observed with docker 28.2.2.
func TestCpPlan(t *testing.T) {
	stat := func(p string) cpDest {
		switch strings.TrimRight(p, "/") {
		case "/dir":
			return cpDest{exists: true, isDir: true, path: "/dir"}
		case "/file":
			return cpDest{exists: true, path: "/file"}
		}
		return cpDest{path: strings.TrimRight(p, "/")}
	}
	for _, tc := range []struct {
		name                           string
		srcDir, contents, dstAssertDir bool
		dst                            string
		want                           cpPlanResult
		err                            string
	}{
		{name: "file into dir", dst: "/dir", want: cpPlanResult{dir: "/dir"}},
		{name: "file onto file", dst: "/file", want: cpPlanResult{dir: "/", rename: "file"}},
		{name: "file to new name", dst: "/new", want: cpPlanResult{dir: "/", rename: "new"}},
		{name: "file to new dir/", dst: "/new/", dstAssertDir: true, err: "no such directory"},
		{name: "file to file/", dst: "/file/", dstAssertDir: true, want: cpPlanResult{dir: "/", rename: "file"}},
		{name: "dir into dir", srcDir: true, dst: "/dir", want: cpPlanResult{dir: "/dir"}},
		{name: "dir contents into dir", srcDir: true, contents: true, dst: "/dir", want: cpPlanResult{dir: "/dir", contents: true}},
		{name: "dir onto file", srcDir: true, dst: "/file", err: "cannot copy directory"},
		{name: "dir to new", srcDir: true, dst: "/new", want: cpPlanResult{dir: "/", rename: "new"}},
		{name: "dir to new/", srcDir: true, dstAssertDir: true, dst: "/new/", want: cpPlanResult{dir: "/", rename: "new"}},
		{name: "dir contents to new", srcDir: true, contents: true, dst: "/a/new", want: cpPlanResult{dir: "/a", rename: "new"}},
	} {
		got, err := cpPlan(tc.srcDir, tc.contents, tc.dst, tc.dstAssertDir, stat)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v %v, want %+v", tc.name, got, err, tc.want)
		}
	}
}

// cpTestRun runs docker cp in dir (the working directory for relative local paths).
func cpTestRun(t *testing.T, e *fakeengine.Engine, opts clitest.Options, dir string, args ...string) (*clitest.Cli, error) {
	t.Helper()
	cli := clitest.New(t, e.Host(), opts)
	t.Chdir(dir)
	return cli, clitest.Run(t, newCpCommand(cli), args...)
}

var cpTestDirTar = []cpTestEntry{{name: "d/"}, {name: "d/a", body: "hi\n"}, {name: "d/sub/"}, {name: "d/sub/b", body: "x\n"}, {name: "d/l", typ: '2', link: "a"}}

func TestCpFromContainer(t *testing.T) {
	dirStat := cpTestStat("d", os.ModeDir|0o755, "")
	for _, tc := range []struct {
		name, path, dst string
		stat            string
		tarEntries      []cpTestEntry
		setup           func(dir string)
		want            []string
	}{
		{name: "dir to new", path: "/d", dst: "out", stat: dirStat, tarEntries: cpTestDirTar,
			want: []string{"out/", "out/a=hi\n", "out/l->a", "out/sub/", "out/sub/b=x\n"}},
		{name: "dir into existing", path: "/d", dst: "ex", stat: dirStat, tarEntries: cpTestDirTar,
			setup: func(dir string) { os.Mkdir(filepath.Join(dir, "ex"), 0o755) },
			want:  []string{"ex/", "ex/d/", "ex/d/a=hi\n", "ex/d/l->a", "ex/d/sub/", "ex/d/sub/b=x\n"}},
		{name: "contents into existing", path: "/d/.", dst: "ex", stat: cpTestStat(".", os.ModeDir|0o755, ""),
			tarEntries: []cpTestEntry{{name: "./"}, {name: "./a", body: "hi\n"}},
			setup:      func(dir string) { os.Mkdir(filepath.Join(dir, "ex"), 0o755) },
			want:       []string{"ex/", "ex/a=hi\n"}},
		{name: "file onto file", path: "/f", dst: "g", stat: cpTestStat("f", 0o644, ""),
			tarEntries: []cpTestEntry{{name: "f", body: "new"}},
			setup:      func(dir string) { os.WriteFile(filepath.Join(dir, "g"), []byte("old"), 0o644) },
			want:       []string{"g=new"}},
		{name: "file into dir/", path: "/f", dst: "ex/", stat: cpTestStat("f", 0o644, ""),
			tarEntries: []cpTestEntry{{name: "f", body: "new"}},
			setup:      func(dir string) { os.Mkdir(filepath.Join(dir, "ex"), 0o755) },
			want:       []string{"ex/", "ex/f=new"}},
		// docker follows a dangling link at the destination and creates its target
		{name: "dir onto dangling link", path: "/d", dst: "dl", stat: dirStat, tarEntries: cpTestDirTar,
			setup: func(dir string) { os.Symlink("target", filepath.Join(dir, "dl")) },
			want:  []string{"dl->target", "target/", "target/a=hi\n", "target/l->a", "target/sub/", "target/sub/b=x\n"}},
		{name: "hard link", path: "/h", dst: "h", stat: cpTestStat("h", os.ModeDir|0o755, ""),
			tarEntries: []cpTestEntry{{name: "h/"}, {name: "h/a", body: "1"}, {name: "h/b", typ: '1', link: "h/a"}},
			want:       []string{"h/", "h/a=1", "h/b=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.setup != nil {
				tc.setup(dir)
			}
			e := fakeengine.New(t)
			e.Expect("GET", "/containers/c1/archive").Query("path", tc.path).
				ReplyHeader("X-Docker-Container-Path-Stat", tc.stat).Reply(200, cpTestTar(t, tc.tarEntries...))
			cli, err := cpTestRun(t, e, clitest.Options{}, dir, "c1:"+tc.path, tc.dst)
			if err != nil {
				t.Fatal(err)
			}
			if got := cpTestTree(t, dir); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("tree %q, want %q", got, tc.want)
			}
			if cli.ErrBuf.Len() != 0 || cli.OutBuf.Len() != 0 {
				t.Errorf("output without a terminal: %q %q", cli.OutBuf.String(), cli.ErrBuf.String())
			}
		})
	}
}

func TestCpFromContainerTerminalAndLink(t *testing.T) {
	dir := t.TempDir()
	e := fakeengine.New(t)
	e.Expect("HEAD", "/containers/c1/archive").Query("path", "/e/ld").ReplyHeader("X-Docker-Container-Path-Stat", cpTestStat("ld", os.ModeSymlink|0o777, "../d"))
	body := cpTestTar(t, cpTestDirTar...)
	e.Expect("GET", "/containers/c1/archive").Query("path", "/d").ReplyHeader("X-Docker-Container-Path-Stat", cpTestStat("d", os.ModeDir|0o755, "")).Reply(200, body)
	os.Mkdir(filepath.Join(dir, "ex"), 0o755)
	cli, err := cpTestRun(t, e, clitest.Options{Terminal: true}, dir, "-L", "c1:/e/ld", "ex")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ex/", "ex/ld/", "ex/ld/a=hi\n", "ex/ld/l->a", "ex/ld/sub/", "ex/ld/sub/b=x\n"}
	if got := cpTestTree(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("tree %q, want %q", got, want)
	}
	if got, want := cli.ErrBuf.String(), "Successfully copied 4.61kB to "+filepath.Join(dir, "ex")+"\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

func TestCpToStdout(t *testing.T) {
	e := fakeengine.New(t)
	body := cpTestTar(t, cpTestDirTar...)
	e.Expect("GET", "/containers/c1/archive").Query("path", "/d").ReplyHeader("X-Docker-Container-Path-Stat", cpTestStat("d", os.ModeDir|0o755, "")).Reply(200, body)
	cli, err := cpTestRun(t, e, clitest.Options{}, t.TempDir(), "c1:/d", "-")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cli.OutBuf.Bytes(), body) {
		t.Errorf("stdout is not the daemon's tar stream")
	}
}

func TestCpToContainer(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src", "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "a"), []byte("A"), 0o644)
	os.WriteFile(filepath.Join(dir, "src", "sub", "b"), []byte("B"), 0o600)
	os.Link(filepath.Join(dir, "src", "a"), filepath.Join(dir, "src", "hard"))
	os.Symlink("a", filepath.Join(dir, "src", "l"))
	os.WriteFile(filepath.Join(dir, "file"), []byte("F"), 0o644)
	os.Symlink("file", filepath.Join(dir, "lnk"))
	dirStat := cpTestStat("d", os.ModeDir|0o755, "")
	for _, tc := range []struct {
		name  string
		args  []string
		heads map[string]string // HEAD path -> stat ("" = 404)
		put   string
		uid   bool
		want  []string
	}{
		{name: "dir into dir", args: []string{"src", "c1:/d"}, heads: map[string]string{"/d": dirStat}, put: "/d",
			want: []string{"src/", "src/a=A", "src/hard=>src/a", "src/l->a", "src/sub/", "src/sub/b=B"}},
		{name: "dir to new name", args: []string{"src", "c1:/new"}, heads: map[string]string{"/new": ""}, put: "/",
			want: []string{"new/", "new/a=A", "new/hard=>new/a", "new/l->a", "new/sub/", "new/sub/b=B"}},
		{name: "contents", args: []string{"src/.", "c1:/d"}, heads: map[string]string{"/d": dirStat}, put: "/d",
			want: []string{"./", "./a=A", "./hard=>./a", "./l->a", "./sub/", "./sub/b=B"}},
		{name: "file onto file, archive", args: []string{"-a", "file", "c1:rel"}, heads: map[string]string{"rel": cpTestStat("rel", 0o644, "")}, put: ".", uid: true,
			want: []string{"rel=F"}},
		{name: "link", args: []string{"lnk", "c1:/d"}, heads: map[string]string{"/d": dirStat}, put: "/d", want: []string{"lnk->file"}},
		{name: "link followed", args: []string{"-L", "lnk", "c1:/d"}, heads: map[string]string{"/d": dirStat}, put: "/d", want: []string{"lnk=F"}},
		{name: "through a link in the container", args: []string{"file", "c1:/ld"},
			heads: map[string]string{"/ld": cpTestStat("ld", os.ModeSymlink|0o777, "d"), "/d": dirStat}, put: "/d", want: []string{"file=F"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			for p, st := range tc.heads {
				r := e.Expect("HEAD", "/containers/c1/archive").Query("path", p)
				if st == "" {
					r.ReplyError(404, "Could not find the file")
				} else {
					r.ReplyHeader("X-Docker-Container-Path-Stat", st)
				}
			}
			var got []string
			put := e.Expect("PUT", "/containers/c1/archive").Query("path", tc.put).Query("noOverwriteDirNonDir", "true")
			if tc.uid {
				put.Query("copyUIDGID", "true")
			} else {
				put.NoQuery("copyUIDGID")
			}
			put.ReplyFunc(func(w http.ResponseWriter, r *http.Request) { got = cpTestReadTar(t, r.Body) })
			cli, err := cpTestRun(t, e, clitest.Options{}, dir, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("tar %q, want %q", got, tc.want)
			}
			if cli.ErrBuf.Len() != 0 {
				t.Errorf("stderr %q", cli.ErrBuf.String())
			}
		})
	}
}

func TestCpFromStdin(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("HEAD", "/containers/c1/archive").Query("path", "/d").ReplyHeader("X-Docker-Container-Path-Stat", cpTestStat("d", os.ModeDir|0o755, ""))
	var got []byte
	e.Expect("PUT", "/containers/c1/archive").Query("path", "/d").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
	})
	body := cpTestTar(t, cpTestEntry{name: "x", body: "1"})
	cli, err := cpTestRun(t, e, clitest.Options{Stdin: string(body), Terminal: true}, t.TempDir(), "-", "c1:/d")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, body) {
		t.Errorf("stdin was not passed through")
	}
	// docker counts nothing for a stream from stdin
	if got := cli.ErrBuf.String(); got != "Successfully copied 0B to c1:/d\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestCpErrors(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "file"), []byte("F"), 0o644)
	os.Mkdir(filepath.Join(dir, "ex"), 0o755)
	os.WriteFile(filepath.Join(dir, "ex", "d"), []byte("F"), 0o644)
	os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "dangl"))
	os.Symlink("nodir/x", filepath.Join(dir, "dm"))
	fileStat := cpTestStat("f", 0o644, "")
	dirStat := cpTestStat("d", os.ModeDir|0o755, "")
	for _, tc := range []struct {
		name  string
		args  []string
		setup func(e *fakeengine.Engine)
		want  string
	}{
		{name: "empty source", args: []string{"", "c1:/"}, want: "source can not be empty"},
		{name: "empty destination", args: []string{"c1:/f", ""}, want: "destination can not be empty"},
		{name: "two containers", args: []string{"a:/f", "b:/g"}, want: "copying between containers is not supported"},
		{name: "no container", args: []string{"a", "b"}, want: "must specify at least one container source"},
		{name: "missing output dir", args: []string{"c1:/f", "x/y/"}, want: `invalid output path: directory "` + filepath.Join(dir, "x") + `" does not exist`},
		{name: "device", args: []string{"c1:/f", "/dev/null"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", fileStat).Reply(200, "")
		}, want: `invalid output path: "/dev/null" must be a directory or a regular file: got a device`},
		{name: "dir onto file", args: []string{"c1:/d", "file"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", dirStat).Reply(200, "")
		}, want: "cannot copy directory"},
		{name: "file into missing dir/", args: []string{"c1:/f", "nodir/"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", fileStat).Reply(200, "")
		}, want: "no such directory"},
		{name: "daemon error", args: []string{"c1:/nope", "."}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyError(404, "Could not find the file /nope in container c1")
		}, want: "Error response from daemon: Could not find the file /nope in container c1"},
		{name: "dir over a local file", args: []string{"c1:/d", "ex"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", dirStat).Reply(200, cpTestTar(t, cpTestEntry{name: "d/"}))
		}, want: `cannot overwrite non-directory "` + filepath.Join(dir, "ex", "d") + `" with directory "` + filepath.Join(dir, "ex") + `"`},
		{name: "breakout", args: []string{"c1:/d", "out"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", dirStat).
				Reply(200, cpTestTar(t, cpTestEntry{name: "d/"}, cpTestEntry{name: "d/esc", typ: '2', link: "/tmp"}, cpTestEntry{name: "d/esc/evil", body: "x"}))
		}, want: `"out/esc/evil" is outside of "` + filepath.Join(dir, "out") + `"`},
		{name: "stdin to a file", args: []string{"-", "c1:/f"}, setup: func(e *fakeengine.Engine) {
			e.Expect("HEAD", "/containers/c1/archive").Query("path", "/f").ReplyHeader("X-Docker-Container-Path-Stat", fileStat)
		}, want: `destination "c1:/f" must be a directory`},
		{name: "stdin to nothing", args: []string{"-", "c1:/nodir"}, setup: func(e *fakeengine.Engine) {
			e.Expect("HEAD", "/containers/c1/archive").ReplyError(404, "no")
		}, want: `destination "c1:/nodir" must be a directory`},
		{name: "missing local source", args: []string{"nofile", "c1:/"}, want: "lstat " + filepath.Join(dir, "nofile") + ": no such file or directory"},
		{name: "file with a slash", args: []string{"file/", "c1:/"}, setup: func(e *fakeengine.Engine) {}, want: "not a directory"},
		{name: "local dir onto file", args: []string{"src", "c1:/f"}, setup: func(e *fakeengine.Engine) {
			e.Expect("HEAD", "/containers/c1/archive").Query("path", "/f").ReplyHeader("X-Docker-Container-Path-Stat", fileStat)
		}, want: "cannot copy directory"},
		{name: "local file into missing dir/", args: []string{"file", "c1:/nodir/"}, setup: func(e *fakeengine.Engine) {
			e.Expect("HEAD", "/containers/c1/archive").ReplyError(404, "no")
		}, want: "no such directory"},
		{name: "file onto file/", args: []string{"c1:/f", "file/"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", fileStat).Reply(200, cpTestTar(t, cpTestEntry{name: "f", body: "new"}))
		}, want: "stat " + filepath.Join(dir, "file") + "/: not a directory"},
		{name: "dangling link into a missing dir", args: []string{"c1:/d", "dm"}, setup: func(e *fakeengine.Engine) {
			e.Expect("GET", "/containers/c1/archive").ReplyHeader("X-Docker-Container-Path-Stat", dirStat).Reply(200, cpTestTar(t, cpTestEntry{name: "d/"}))
		}, want: "stat " + filepath.Join(dir, "nodir") + ": no such file or directory"},
		{name: "-L dangling link", args: []string{"-L", "dangl", "c1:/"}, want: "lstat " + filepath.Join(dir, "gone") + ": no such file or directory"},
		{name: "-L missing", args: []string{"-L", "nofile", "c1:/"}, want: "lstat " + filepath.Join(dir, "nofile") + ": no such file or directory"},
		{name: "no such container", args: []string{"file", "nope:/x"}, setup: func(e *fakeengine.Engine) {
			e.Expect("HEAD", "/containers/nope/archive").ReplyError(404, "No such container: nope")
			e.Expect("PUT", "/containers/nope/archive").Query("path", "/").ReplyError(404, "No such container: nope")
		}, want: "Error response from daemon: No such container: nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.setup != nil {
				tc.setup(e)
			}
			cli, err := cpTestRun(t, e, clitest.Options{Terminal: true}, dir, tc.args...)
			if err == nil || err.Error() != tc.want || commands.ExitCode(err) != 1 {
				t.Fatalf("got %v (exit %d), want %q", err, commands.ExitCode(err), tc.want)
			}
			if cli.ErrBuf.Len() != 0 {
				t.Errorf("stderr %q", cli.ErrBuf.String())
			}
		})
	}
	if _, err := os.Stat("/tmp/evil"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("breakout wrote /tmp/evil")
	}
}

// The daemon's tar stream is outside input: whatever it holds, extraction never
// writes outside the destination (base/DIR/<to>, or base/DIR itself when `to` is "."),
// leaves no temporary file and never panics. The checked-in corpus under
// testdata/fuzz/FuzzCpExtract holds hostile archives ("../", absolute names, links out,
// devices, fifos, long names, a stream cut in a file); absolute links there point into
// /tmp/skiff-fuzz-escape, which must never appear. (New inputs are minimised for up to
// -fuzzminimizetime, 60s by default, which shows as a pause in the exec count.)
func FuzzCpExtract(f *testing.F) {
	f.Add(cpTestTar(f, cpTestEntry{name: "d/"}, cpTestEntry{name: "d/a", body: "hi"}, cpTestEntry{name: "d/l", typ: '2', link: "a"}), "d", "out")
	f.Add(cpTestTar(f, cpTestEntry{name: "d/esc", typ: '2', link: "/"}, cpTestEntry{name: "d/esc/x", body: "x"}), "d", "d")
	f.Add(cpTestTar(f, cpTestEntry{name: "../x", body: "x"}, cpTestEntry{name: "d/h", typ: '1', link: "../../x"}), "d", ".")
	f.Add(cpTestTar(f, cpTestEntry{name: "./a", body: "1"}, cpTestEntry{name: "./a/", typ: '5'}), ".", "new")
	const escape = "/tmp/skiff-fuzz-escape"
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	base := f.TempDir()
	f.Fuzz(func(t *testing.T, stream []byte, from, to string) {
		root, err := os.MkdirTemp(base, "x")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(root)
		dir := filepath.Join(root, "DIR")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		sentinels := []string{filepath.Join(root, "sentinel"), filepath.Join(dir, "keep")}
		for _, p := range sentinels {
			if err := os.WriteFile(p, []byte("orig"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
		top := strings.Trim(to, "/")
		if top == "" {
			top = "."
		}
		err = cpExtract(bytes.NewReader(stream), dir, from, to)
		dest := filepath.Join(dir, top)
		if top == ".." || strings.Contains(top, "/") {
			if err == nil {
				t.Fatalf("top %q accepted", to)
			}
			dest = "" // nothing may change
		}
		if _, err := os.Lstat(escape); err == nil {
			t.Fatalf("extraction wrote %s", escape)
		}
		if names := cpFuzzNames(t, root); !reflect.DeepEqual(names, []string{"DIR", "sentinel"}) {
			t.Fatalf("extraction wrote beside the extraction directory: %v", names)
		}
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			t.Fatalf("extraction directory replaced: %v %v", fi, err)
		}
		for _, p := range sentinels {
			if p == dest || filepath.Dir(p) == dest {
				continue // the destination may be replaced: it is the copy's
			}
			fi, err := os.Lstat(p)
			if err != nil || !fi.Mode().IsRegular() || !fi.ModTime().Equal(old) || fi.Mode().Perm() != 0o644 {
				t.Fatalf("%s changed: %v", p, cpFuzzDescribe(fi, err))
			}
			if b, err := os.ReadFile(p); err != nil || string(b) != "orig" {
				t.Fatalf("%s rewritten: %q %v", p, b, err)
			}
		}
		if top != "." {
			for _, n := range cpFuzzNames(t, dir) {
				if n != "keep" && n != top {
					t.Fatalf("extraction wrote %q beside the destination %q", n, top)
				}
			}
		}
		_ = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), ".skiff-cp-") {
				t.Fatalf("temporary file left: %s", p)
			}
			return nil
		})
	})
}

func cpFuzzDescribe(fi fs.FileInfo, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%v %s", fi.Mode(), fi.ModTime().UTC().Format(time.RFC3339Nano))
}

func cpFuzzNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A socket cannot go into a tar: docker reports it and copies the rest.
func TestCpWriteTarSkipsSockets(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a"), []byte("A"), 0o644)
	l, err := net.Listen("unix", filepath.Join(dir, "s"))
	if err != nil {
		t.Skip(err)
	}
	defer l.Close()
	var buf bytes.Buffer
	var skipped []string
	err = cpWriteTar(&buf, dir, "d", false, func(p string, err error) { skipped = append(skipped, filepath.Base(p)+": "+err.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if got := cpTestReadTar(t, &buf); !reflect.DeepEqual(got, []string{"d/", "d/a=A"}) {
		t.Errorf("tar %q", got)
	}
	if !reflect.DeepEqual(skipped, []string{"s: archive/tar: sockets not supported"}) {
		t.Errorf("skipped %q", skipped)
	}
}
