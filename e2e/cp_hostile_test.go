//go:build e2e

package e2e

import (
	"archive/tar"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// cpHostileEntry is one entry of the archive a hostile engine sends for /d.
type cpHostileEntry struct {
	name string
	typ  byte
	link string
	body string
}

func cpHostileTar(t *testing.T, entries []cpHostileEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.link, Mode: 0o644, ModTime: time.Unix(1600000000, 0)}
		switch e.typ {
		case 0:
			h.Typeflag, h.Size = tar.TypeReg, int64(len(e.body))
		case tar.TypeDir:
			h.Mode = 0o755
		case tar.TypeChar:
			h.Devmajor, h.Devminor = 1, 3
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// cpHostileEngine answers `cp x:/d` with the stat of a directory named name (the engine
// says "d") and the given archive.
func cpHostileEngine(t *testing.T, name string, archive []byte) (host string) {
	t.Helper()
	stat, _ := json.Marshal(map[string]any{"name": name, "size": 4096, "mode": uint32(fs.ModeDir | 0o755),
		"mtime": "2020-09-13T12:26:40Z", "linkTarget": ""})
	return fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", "1.49")
		w.Header().Set("OSType", "linux")
		switch {
		case r.URL.Path == "/_ping":
			_, _ = w.Write([]byte("OK"))
		case strings.HasSuffix(r.URL.Path, "/containers/x/archive"):
			w.Header().Set("X-Docker-Container-Path-Stat", base64.StdEncoding.EncodeToString(stat))
			if r.Method == http.MethodGet {
				w.Header().Set("Content-Type", "application/x-tar")
				_, _ = w.Write(archive)
			}
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"message":"unexpected %s %s"}`, r.Method, r.URL)
		}
	})
}

// cpHostileSnapshot lists base but the destination: path, mode, and for files content
// and mtime (directories' times move as the destination is made in them).
func cpHostileSnapshot(t *testing.T, base, dest string) string {
	t.Helper()
	var lines []string
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
			line += fmt.Sprintf(" %q %d", b, fi.ModTime().UnixNano())
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			l, _ := os.Readlink(p)
			line += " -> " + l
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// A hostile engine's archive for `cp x:/d DIR/out` (or into the existing DIR/ex): where
// docker 28 refuses, skiff gives the same exit code and first stderr line; where docker
// follows the stream out of the destination (its links, names beside the top entry),
// skiff refuses in the same shape. Either way skiff leaves everything outside the
// destination as it was. BASE stands for the test's directory, SANDBOX for BASE/sandbox.
func TestCpHostileArchive(t *testing.T) {
	t.Parallel()
	d := cpHostileEntry{name: "d/", typ: tar.TypeDir}
	for _, tc := range []struct {
		name     string
		existing bool
		statName string // the name the engine's stat header gives /d ("d" when empty)
		entries  []cpHostileEntry
		want     string // skiff's first stderr line ("" for success)
		refToo   bool   // docker 28 says the same (observed with 28.2.2)
	}{
		{name: "dotdot", entries: []cpHostileEntry{d, {name: "../.bashrc", body: "PWNED"}},
			want: `"../.bashrc" is outside of "BASE/DIR"`, refToo: true},
		{name: "dotdot in d", entries: []cpHostileEntry{d, {name: "d/../../x", body: "PWNED"}},
			want: `"../x" is outside of "BASE/DIR"`, refToo: true},
		{name: "dotdot into existing", existing: true, entries: []cpHostileEntry{d, {name: "../../.bashrc", body: "PWNED"}},
			want: `"../../.bashrc" is outside of "BASE/DIR/ex"`, refToo: true},
		{name: "refusal mid-stream", entries: []cpHostileEntry{d, {name: "d/a", body: "first"}, {name: "../.bashrc", body: "PWNED"}, {name: "d/z", body: "after"}},
			want: `"../.bashrc" is outside of "BASE/DIR"`, refToo: true},
		{name: "symlink above dir", entries: []cpHostileEntry{d, {name: "d/l", typ: tar.TypeSymlink, link: "../.."}, {name: "d/l/x", body: "PWNED"}},
			want: `invalid symlink "BASE/DIR/out/l" -> "../.."`, refToo: true},
		{name: "hardlink out", entries: []cpHostileEntry{d, {name: "d/h", typ: tar.TypeLink, link: "../sentinel"}},
			want: `invalid hardlink "BASE/sentinel" -> "../sentinel"`, refToo: true},
		{name: "hardlink out then a write", entries: []cpHostileEntry{d, {name: "d/h", typ: tar.TypeLink, link: "../.bashrc"}, {name: "d/h", body: "PWNED"}},
			want: `invalid hardlink "BASE/.bashrc" -> "../.bashrc"`, refToo: true},
		{name: "long name", entries: []cpHostileEntry{d, {name: "d/" + strings.Repeat("n", 300), body: "x"}},
			want: "open BASE/DIR/out/" + strings.Repeat("n", 300) + ": file name too long", refToo: true},
		{name: "deep name", entries: []cpHostileEntry{d, {name: "d/" + strings.Repeat("abcdefghij/", 420) + "x", body: "x"}},
			want: "open BASE/DIR/out/" + strings.Repeat("abcdefghij/", 420) + "x: file name too long", refToo: true},
		{name: "dots", entries: []cpHostileEntry{{name: "./", typ: tar.TypeDir}, d, {name: "d/./x", body: "ok"}}, refToo: true},
		{name: "stat name climbs", existing: true, statName: "../x", entries: []cpHostileEntry{{name: "../x/", typ: tar.TypeDir}, {name: "../x/a", body: "PWNED"}},
			want: `"../x" is outside of "BASE/DIR/ex"`, refToo: true},
		{name: "fifo", entries: []cpHostileEntry{d, {name: "d/p", typ: tar.TypeFifo}}, refToo: true},
		// docker 28 follows these out of the destination (exit 0); skiff refuses
		{name: "dotdot within dir", entries: []cpHostileEntry{d, {name: "d/../x", body: "PWNED"}},
			want: `"x" is outside of "BASE/DIR/out"`},
		{name: "beside the top", entries: []cpHostileEntry{d, {name: ".bashrc", body: "PWNED"}},
			want: `".bashrc" is outside of "BASE/DIR/out"`},
		{name: "absolute", entries: []cpHostileEntry{d, {name: "/tmp/x", body: "PWNED"}},
			want: `"tmp/x" is outside of "BASE/DIR/out"`},
		{name: "symlink to parent", entries: []cpHostileEntry{d, {name: "d/l", typ: tar.TypeSymlink, link: ".."}, {name: "d/l/.bashrc", body: "PWNED"}},
			want: `"out/l/.bashrc" is outside of "BASE/DIR/out"`},
		{name: "symlink absolute", entries: []cpHostileEntry{d, {name: "d/l", typ: tar.TypeSymlink, link: "SANDBOX"}, {name: "d/l/sentinel", body: "PWNED"}},
			want: `"out/l/sentinel" is outside of "BASE/DIR/out"`},
		{name: "symlink into existing", existing: true, entries: []cpHostileEntry{d, {name: "d/l", typ: tar.TypeSymlink, link: "SANDBOX"}, {name: "d/l/x", body: "PWNED"}},
			want: `"d/l/x" is outside of "BASE/DIR/ex/d"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, who := range []string{"ref", "skiff"} {
				if who == "ref" && !hasRef() {
					continue
				}
				base, err := os.MkdirTemp("", "skiff-cp-")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.RemoveAll(base) })
				sandbox := filepath.Join(base, "sandbox")
				old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
				for _, p := range []string{"sandbox", "DIR/ex"} {
					if err := os.MkdirAll(filepath.Join(base, p), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				for _, p := range []string{"sentinel", "sandbox/sentinel", "DIR/.bashrc"} {
					p = filepath.Join(base, p)
					if err := os.WriteFile(p, []byte("orig"), 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.Chtimes(p, old, old); err != nil {
						t.Fatal(err)
					}
				}
				entries := append([]cpHostileEntry(nil), tc.entries...)
				for i := range entries {
					entries[i].link = strings.ReplaceAll(entries[i].link, "SANDBOX", sandbox)
				}
				statName := tc.statName
				if statName == "" {
					statName = "d"
				}
				host := cpHostileEngine(t, statName, cpHostileTar(t, entries))
				dst, dest := filepath.Join(base, "DIR", "out"), filepath.Join(base, "DIR", "out")
				if tc.existing {
					dst, dest = filepath.Join(base, "DIR", "ex"), filepath.Join(base, "DIR", "ex", "d")
				}
				before := cpHostileSnapshot(t, base, dest)
				bin, home := clientOf(t, who)
				r := run(t, who, bin, home, "", []string{"DOCKER_HOST=" + host}, []string{"cp", "x:/d", dst})
				got := strings.ReplaceAll(r.FirstErrLine(), base, "BASE")
				wantCode := 0
				if tc.want != "" {
					wantCode = 1
				}
				if who == "ref" {
					if tc.refToo && (r.Code != wantCode || got != tc.want) {
						t.Errorf("docker 28 no longer does this: exit %d %q", r.Code, got)
					}
					t.Logf("docker 28: exit %d %q", r.Code, got)
					continue
				}
				if r.Code != wantCode || got != tc.want {
					t.Errorf("skiff: exit %d %q\nwant: exit %d %q", r.Code, got, wantCode, tc.want)
				}
				if after := cpHostileSnapshot(t, base, dest); after != before {
					t.Errorf("skiff changed what is outside the destination:\n%s", Diff("before", "after", before, after))
				}
				if r.Stdout != "" {
					t.Errorf("stdout %q", r.Stdout)
				}
			}
		})
	}
}

// With "-" as the destination the archive goes to stdout as the engine sent it, hostile
// or not: nothing is extracted, by docker 28 or skiff.
func TestCpHostileArchiveToStdout(t *testing.T) {
	t.Parallel()
	archive := cpHostileTar(t, []cpHostileEntry{{name: "d/", typ: tar.TypeDir}, {name: "../.bashrc", body: "PWNED"},
		{name: "d/l", typ: tar.TypeSymlink, link: "/"}, {name: "d/l/x", body: "PWNED"}})
	host := cpHostileEngine(t, "d", archive)
	for _, who := range []string{"ref", "skiff"} {
		if who == "ref" && !hasRef() {
			continue
		}
		bin, home := clientOf(t, who)
		r := run(t, who, bin, home, "", []string{"DOCKER_HOST=" + host}, []string{"cp", "x:/d", "-"})
		if r.Code != 0 || r.Stderr != "" || r.Stdout != string(archive) {
			t.Errorf("%s: exit %d, stderr %q, stdout %d bytes (the archive has %d)", who, r.Code, r.Stderr, len(r.Stdout), len(archive))
		}
	}
}
