package container

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// cpHostileTree lays out what a copy lands next to: base/sentinel, base/sandbox/sentinel
// (where absolute links point), base/DIR/.bashrc and base/DIR/ex/, all files dated 2001.
func cpHostileTree(t testing.TB) (base string) {
	t.Helper()
	base = t.TempDir()
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, d := range []string{"sandbox", "DIR/ex"} {
		if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"sentinel", "sandbox/sentinel", "DIR/.bashrc"} {
		p := filepath.Join(base, f)
		if err := os.WriteFile(p, []byte("orig"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	return base
}

// cpOutside lists everything under base but the destination: path, mode, and for files
// content and mtime (directories' times move as their entries come and go).
func cpOutside(t testing.TB, base, dest string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dest {
			return filepath.SkipDir
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		line := strings.TrimPrefix(p, base) + " " + fi.Mode().String()
		if fi.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			line += fmt.Sprintf(" %q %s", b, fi.ModTime().UTC().Format(time.RFC3339Nano))
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// A hostile engine's archive writes nothing outside the destination: docker 28's
// refusals with its wording, and skiff's where docker follows the stream (observed
// with docker 28.2.2 against a fake engine). "{B}" stands for the test's base dir.
func TestCpExtractHostile(t *testing.T) {
	devOK := os.Geteuid() == 0
	for _, tc := range []struct {
		name     string
		existing bool // copy into the existing DIR/ex (top "d"), else to the new name DIR/out
		entries  []cpTestEntry
		want     string      // the error, "" for none
		tree     []string    // the destination's tree afterwards, when checked
		node     fs.FileMode // the type of dest/n afterwards, when checked (a fifo cannot be read)
	}{
		// docker refuses these, with these words
		{name: "dotdot", entries: []cpTestEntry{{name: "d/"}, {name: "../.bashrc", body: "PWNED"}},
			want: `"../.bashrc" is outside of "{B}/DIR"`},
		{name: "dotdot in d", entries: []cpTestEntry{{name: "d/"}, {name: "d/../../x", body: "PWNED"}},
			want: `"../x" is outside of "{B}/DIR"`},
		{name: "dotdot into existing", existing: true, entries: []cpTestEntry{{name: "d/"}, {name: "../../.bashrc", body: "PWNED"}},
			want: `"../../.bashrc" is outside of "{B}/DIR/ex"`},
		{name: "symlink above dir", entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: "../.."}, {name: "d/l/x", body: "PWNED"}},
			want: `invalid symlink "{B}/DIR/out/l" -> "../.."`},
		{name: "hardlink above dir", entries: []cpTestEntry{{name: "d/"}, {name: "d/h", typ: '1', link: "../sentinel"}},
			want: `invalid hardlink "{B}/sentinel" -> "../sentinel"`},
		{name: "hardlink then write through it", entries: []cpTestEntry{{name: "d/"}, {name: "d/h", typ: '1', link: "../.bashrc"}, {name: "d/h", body: "PWNED"}},
			want: `invalid hardlink "{B}/.bashrc" -> "../.bashrc"`},
		{name: "refusal mid-stream keeps what came before", entries: []cpTestEntry{{name: "d/"}, {name: "d/a", body: "first"}, {name: "../.bashrc", body: "PWNED"}, {name: "d/z", body: "after"}},
			want: `"../.bashrc" is outside of "{B}/DIR"`, tree: []string{"a=first"}},
		{name: "long name", entries: []cpTestEntry{{name: "d/"}, {name: "d/" + strings.Repeat("n", 256), body: "x"}},
			want: `open {B}/DIR/out/` + strings.Repeat("n", 256) + `: file name too long`, tree: []string{}},
		{name: "deep name", entries: []cpTestEntry{{name: "d/"}, {name: "d/" + strings.Repeat("abcdefghij/", 400) + "x", body: "x"}},
			want: `open {B}/DIR/out/` + strings.Repeat("abcdefghij/", 400) + `x: file name too long`, tree: []string{}},
		// docker follows these; skiff refuses them in the same shape
		{name: "dotdot within dir", entries: []cpTestEntry{{name: "d/"}, {name: "d/../x", body: "PWNED"}},
			want: `"x" is outside of "{B}/DIR/out"`},
		{name: "beside the top", entries: []cpTestEntry{{name: "d/"}, {name: ".bashrc", body: "PWNED"}},
			want: `".bashrc" is outside of "{B}/DIR/out"`},
		{name: "beside the top in existing", existing: true, entries: []cpTestEntry{{name: "d/"}, {name: "e", body: "PWNED"}},
			want: `"e" is outside of "{B}/DIR/ex/d"`},
		{name: "absolute name", entries: []cpTestEntry{{name: "d/"}, {name: "/tmp/x", body: "PWNED"}},
			want: `"tmp/x" is outside of "{B}/DIR/out"`},
		{name: "symlink to parent", entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: ".."}, {name: "d/l/.bashrc", body: "PWNED"}},
			want: `"out/l/.bashrc" is outside of "{B}/DIR/out"`, tree: []string{"l->.."}},
		{name: "symlink absolute", entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: "{B}/sandbox"}, {name: "d/l/sentinel", body: "PWNED"}},
			want: `"out/l/sentinel" is outside of "{B}/DIR/out"`},
		{name: "symlink absolute, a dir through it", entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: "{B}/sandbox"}, {name: "d/l/new/"}},
			want: `"out/l/new" is outside of "{B}/DIR/out"`},
		{name: "symlink chain", entries: []cpTestEntry{{name: "d/"}, {name: "d/s/"}, {name: "d/a", typ: '2', link: "s/b"}, {name: "d/s/b", typ: '2', link: "../.."}, {name: "d/a/.bashrc", body: "PWNED"}},
			want: `"out/a/.bashrc" is outside of "{B}/DIR/out"`},
		{name: "symlink into existing", existing: true, entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: ".."}, {name: "d/l/x", body: "PWNED"}},
			want: `"d/l/x" is outside of "{B}/DIR/ex/d"`},
		{name: "top is a symlink", entries: []cpTestEntry{{name: "d", typ: '2', link: "ex"}, {name: "d/x", body: "PWNED"}},
			want: `"out/x" is outside of "{B}/DIR/out"`},
		{name: "hardlink within dir, outside the destination", entries: []cpTestEntry{{name: "d/"}, {name: "d/h", typ: '1', link: ".bashrc"}},
			want: `invalid hardlink "{B}/DIR/.bashrc" -> ".bashrc"`},
		{name: "hardlink through a symlink", entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: ".."}, {name: "d/h", typ: '1', link: "d/l/.bashrc"}},
			want: `invalid hardlink "{B}/DIR/out/l/.bashrc" -> "d/l/.bashrc"`},
		{name: "hardlink absolute", entries: []cpTestEntry{{name: "d/"}, {name: "d/h", typ: '1', link: "{B}/sentinel"}},
			want: `invalid hardlink "{B}/DIR{B}/sentinel" -> "{B}/sentinel"`},
		{name: "a link replaced to lead out", entries: []cpTestEntry{{name: "d/"}, {name: "d/s/"}, {name: "d/l", typ: '2', link: "s"}, {name: "d/l/x", body: "ok"}, {name: "d/l", typ: '2', link: ".."}, {name: "d/l/.bashrc", body: "PWNED"}},
			want: `"out/l/.bashrc" is outside of "{B}/DIR/out"`, tree: []string{"l->..", "s/", "s/x=ok"}},
		// legal ones
		{name: "a link replaced", entries: []cpTestEntry{{name: "d/"}, {name: "d/s/"}, {name: "d/t/"}, {name: "d/l", typ: '2', link: "s"}, {name: "d/l/x", body: "ok"}, {name: "d/l", typ: '2', link: "t"}, {name: "d/l/y", body: "ok"}},
			tree: []string{"l->t", "s/", "s/x=ok", "t/", "t/y=ok"}},
		{name: "dots", entries: []cpTestEntry{{name: "./"}, {name: "d/"}, {name: "d/./x", body: "ok"}, {name: "d/y/../z", body: "ok"}},
			tree: []string{"x=ok", "z=ok"}},
		{name: "links that stay inside", entries: []cpTestEntry{{name: "d/"}, {name: "d/s/"}, {name: "d/l", typ: '2', link: "s"}, {name: "d/l/x", body: "ok"}, {name: "d/h", typ: '1', link: "d/s/x"}, {name: "d/abs", typ: '2', link: "/etc/passwd"}},
			tree: []string{"abs->/etc/passwd", "h=ok", "l->s", "s/", "s/x=ok"}},
		{name: "a link replaced by a file is not written through", entries: []cpTestEntry{{name: "d/"}, {name: "d/l", typ: '2', link: "{B}/sentinel"}, {name: "d/l", body: "new"}},
			tree: []string{"l=new"}},
		{name: "missing parents are made", entries: []cpTestEntry{{name: "d/a/b/c", body: "ok"}},
			tree: []string{"a/", "a/b/", "a/b/c=ok"}},
		{name: "fifo", entries: []cpTestEntry{{name: "d/"}, {name: "d/n", typ: '6'}}, node: fs.ModeNamedPipe},
		// as root, docker makes the node (a copy of a container's /dev keeps them); as a
		// user the kernel refuses and docker prints the bare error
		{name: "char device", entries: []cpTestEntry{{name: "d/"}, {name: "d/n", typ: '3'}},
			want: map[bool]string{true: "", false: "operation not permitted"}[devOK],
			node: map[bool]fs.FileMode{true: fs.ModeDevice | fs.ModeCharDevice}[devOK]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := cpHostileTree(t)
			dir, to := filepath.Join(base, "DIR"), "out"
			if tc.existing {
				dir, to = filepath.Join(base, "DIR", "ex"), "d"
			}
			dest := filepath.Join(dir, to)
			for i := range tc.entries {
				tc.entries[i].name = strings.ReplaceAll(tc.entries[i].name, "{B}", base)
				tc.entries[i].link = strings.ReplaceAll(tc.entries[i].link, "{B}", base)
			}
			before := cpOutside(t, base, dest)
			err := cpExtract(bytes.NewReader(cpTestTar(t, tc.entries...)), dir, "d", to)
			want := strings.ReplaceAll(tc.want, "{B}", base)
			if (err == nil) != (want == "") || (err != nil && err.Error() != want) {
				t.Errorf("error %v\nwant  %s", err, want)
			}
			if after := cpOutside(t, base, dest); !reflect.DeepEqual(after, before) {
				t.Errorf("outside the destination changed:\n%s", strings.Join(after, "\n"))
			}
			if tc.node != 0 {
				if fi, err := os.Lstat(filepath.Join(dest, "n")); err != nil || fi.Mode().Type() != tc.node {
					t.Errorf("node %v %v, want type %v", fi, err, tc.node)
				}
			}
			if tc.tree != nil {
				got := []string{}
				if _, err := os.Lstat(dest); err == nil {
					got = append(got, cpTestTree(t, dest)...)
				}
				for i := range got {
					got[i] = strings.ReplaceAll(got[i], base, "{B}")
				}
				if !reflect.DeepEqual(got, tc.tree) {
					t.Errorf("destination %q, want %q", got, tc.tree)
				}
			}
		})
	}
}

// A stream that breaks in the middle of a file leaves the old file (or none), never
// half of the new one, and no temporary file.
func TestCpExtractBrokenStream(t *testing.T) {
	base := cpHostileTree(t)
	dest := filepath.Join(base, "DIR", "out")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "b"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	stream := cpTestTar(t, cpTestEntry{name: "d/"}, cpTestEntry{name: "d/a", body: "whole"},
		cpTestEntry{name: "d/b", body: strings.Repeat("new", 1000)}, cpTestEntry{name: "d/c", body: strings.Repeat("new", 1000)})
	cut := bytes.Index(stream, []byte("newnew")) + 1500 // inside d/b's body
	for _, tc := range []struct {
		name string
		cut  int
	}{{"over an old file", cut}, {"a new file", cut + 3000 + 512}} {
		t.Run(tc.name, func(t *testing.T) {
			err := cpExtract(bytes.NewReader(stream[:tc.cut]), filepath.Join(base, "DIR"), "d", "out")
			if err == nil || err.Error() != "unexpected EOF" {
				t.Fatalf("error %v, want unexpected EOF", err)
			}
			got := cpTestTree(t, dest)
			want := []string{"a=whole", "b=old"}
			if tc.cut > cut {
				want = []string{"a=whole", "b=" + strings.Repeat("new", 1000)}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("destination %.80q, want %.80q", got, want)
			}
		})
	}
}
