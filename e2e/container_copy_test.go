//go:build e2e

package e2e

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// cpTreeScript builds, in the container, the tree the cp tests copy from and into:
// under each of the given roots a directory with a subdirectory, files, and links.
func cpTreeScript(roots ...string) string {
	var b strings.Builder
	for _, r := range roots {
		fmt.Fprintf(&b, "mkdir -p %[1]s/d/sub %[1]s/e && echo hi > %[1]s/d/a && echo x > %[1]s/d/sub/b && "+
			"echo file > %[1]s/f && chmod 600 %[1]s/f && chmod 750 %[1]s/d/sub && ln -s %[1]s/f %[1]s/l && "+
			"ln -s %[1]s/d %[1]s/ld && ln -s d %[1]s/reld && ln -s %[1]s/d %[1]s/e/l && "+
			"touch -h -d '2020-01-02 03:04:05' %[1]s/d/a %[1]s/d/sub/b %[1]s/f %[1]s/l %[1]s/ld %[1]s/reld %[1]s/e/l && ", r)
	}
	b.WriteString("true")
	return b.String()
}

// cpContainer creates a container whose command builds the tree under roots, runs it
// to completion and returns its name (cp works on stopped containers).
func cpContainer(t *testing.T, f *Fix, roots ...string) string {
	t.Helper()
	_, name := f.Container(Image, "sh", "-c", cpTreeScript(roots...))
	f.Start(name)
	if r, err := fixtureRun("wait", name); err != nil || strings.TrimSpace(r.Stdout) != "0" {
		t.Fatalf("tree script: %v %s", err, r)
	}
	return name
}

// cpLocalTree makes the local tree the copies start from or land next to.
func cpLocalTree(t *testing.T, dir string) {
	t.Helper()
	mtime := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "src", "sub"), 0o755))
	must(os.Mkdir(filepath.Join(dir, "existing"), 0o755))
	for p, body := range map[string]string{"src/a": "A\n", "src/sub/b": "B\n", "file": "F\n", "existing/e": "E\n"} {
		must(os.WriteFile(filepath.Join(dir, p), []byte(body), 0o640))
	}
	must(os.Link(filepath.Join(dir, "src", "a"), filepath.Join(dir, "src", "hard")))
	must(os.Symlink("file", filepath.Join(dir, "lnk")))
	must(os.Symlink("a", filepath.Join(dir, "src", "rel")))
	for _, p := range []string{"src/a", "src/sub/b", "file", "existing/e", "src/sub", "src", "existing"} {
		must(os.Chtimes(filepath.Join(dir, p), mtime, mtime))
	}
}

// cpListLocal lists a local tree: path, mode, and for files size, content hash and
// mtime; for links the target. Directory times are left out: the copy touches them.
func cpListLocal(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		line := rel + " " + fi.Mode().String()
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			line += " -> " + target
		case fi.Mode().IsRegular():
			b, _ := os.ReadFile(p)
			sum := sha256.Sum256(b)
			line += fmt.Sprintf(" %d %x %d", fi.Size(), sum[:6], fi.ModTime().Unix())
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// cpListTar lists a tar stream the same way, with owners.
func cpListTar(t *testing.T, r io.Reader) string {
	t.Helper()
	tr := tar.NewReader(r)
	var lines []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprintf("%s %s %d:%d", h.Name, h.FileInfo().Mode(), h.Uid, h.Gid)
		switch h.Typeflag {
		case tar.TypeSymlink:
			line += " -> " + h.Linkname
		case tar.TypeLink:
			line += " => " + h.Linkname
		case tar.TypeReg:
			b, _ := io.ReadAll(tr)
			sum := sha256.Sum256(b)
			line += fmt.Sprintf(" %d %x %d", len(b), sum[:6], h.ModTime.Unix())
		}
		lines = append(lines, line)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// cpLastLine is the last line of stderr: the reference prints its own log lines
// ("time=... level=error msg=...") before some errors.
func cpLastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// cpCompare runs `cp` with each client; args may use C: for the client's container and
// W/ for its work directory; it compares exit code, stdout, the last stderr line, and
// what check returns afterwards.
func cpCompare(t *testing.T, args []string, ctr map[string]string, work map[string]string, check func(who string) string) {
	t.Helper()
	type out struct {
		r     Result
		after string
	}
	got := map[string]out{}
	for _, who := range []string{"ref", "skiff"} {
		a := make([]string, len(args))
		for i, s := range args {
			s = strings.Replace(s, "C:", ctr[who]+":", 1)
			a[i] = strings.Replace(s, "W/", work[who]+"/", 1)
		}
		var r Result
		if who == "ref" {
			r = Ref(t, append([]string{"cp"}, a...)...)
		} else {
			r = Skiff(t, append([]string{"cp"}, a...)...)
		}
		norm := func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, work[who], "W"), ctr[who], "CTR")
		}
		r.Stdout, r.Stderr = norm(r.Stdout), norm(cpLastLine(r.Stderr))
		got[who] = out{r, check(who)}
	}
	ref, sk := got["ref"], got["skiff"]
	if ref.r.Code != sk.r.Code || ref.r.Stdout != sk.r.Stdout || ref.r.Stderr != sk.r.Stderr {
		t.Errorf("cp %s:\n%s", strings.Join(args, " "), Diff("reference", "skiff", ref.r.String(), sk.r.String()))
	}
	if ref.after != sk.after {
		t.Errorf("cp %s: results differ\n%s", strings.Join(args, " "), Diff("reference", "skiff", ref.after, sk.after))
	}
}

// Container → local: docker's path rules (trailing "/", "/.", existing or not, file
// onto directory and the reverse, links with and without -L) and their errors.
func TestCpFromContainerRules(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	ctr := cpContainer(t, f, "/t")
	ctrs := map[string]string{"ref": ctr, "skiff": ctr}
	for _, args := range [][]string{
		{"C:/t/d", "W/"},
		{"C:/t/d/", "W/newdir/"},
		{"C:/t/d", "W/newdir"},
		{"C:/t/d/.", "W/newdir"},
		{"C:/t/d/.", "W/existing"},
		{"C:/t/d", "W/existing"},
		{"C:/t/d", "W/file"},
		{"C:/t/f", "W/"},
		{"C:/t/f", "W/existing"},
		{"C:/t/f", "W/existing/"},
		{"C:/t/f", "W/nonexist/"},
		{"C:/t/f", "W/file"},
		{"C:/t/f", "W/lnk"},
		{"C:/t/l", "W/"},
		{"-L", "C:/t/l", "W/l2"},
		{"-L", "C:/t/reld", "W/rd"},
		{"--follow-link", "C:/t/reld", "W/existing"},
		{"C:/t/e/l/", "W/el"},
		{"C:/t/ld", "W/ld"},
		{"-q", "C:/t/d", "W/q"},
		{"C:/t/nope", "W/"},
		{"-L", "C:/t/nope", "W/"},
		{"C:/t/f/", "W/"},
		{"C:/t/d", "W/x/y/"},
		{"C:t/f", "W/rel"},
		{"C:/t/f", "/dev/null"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			work := map[string]string{"ref": t.TempDir(), "skiff": t.TempDir()}
			cpLocalTree(t, work["ref"])
			cpLocalTree(t, work["skiff"])
			cpCompare(t, args, ctrs, work, func(who string) string { return cpListLocal(t, work[who]) })
		})
	}
}

// Local → container, into two identical containers: the same rules the other way,
// -a, -L, and the resulting files (names, modes, owners, contents, times).
func TestCpToContainerRules(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	cases := [][]string{
		{"W/file", "C:/c/newf"},
		{"W/file", "C:/c/d"},
		{"W/file", "C:/c/d/"},
		{"W/file", "C:/c/nodir/"},
		{"W/file", "C:/c/nodir/x"},
		{"W/file", "C:/c/f/"},
		{"W/file", "C:/c/f"},
		{"W/src", "C:/c/f"},
		{"W/src", "C:/c/newsrc"},
		{"W/src/.", "C:/c/d"},
		{"W/src/", "C:/c/d2/"},
		{"W/src/.", "C:/c/d3"},
		{"W/nofile", "C:/c/"},
		{"W/lnk", "C:/c/lnk1"},
		{"-L", "W/lnk", "C:/c/lnk2"},
		{"W/file/", "C:/c/x"},
		{"-a", "W/file", "C:/c/own"},
		{"--archive", "W/src", "C:/c/ownsrc"},
		{"W/file", "C:c/relp"},
		{"W/file", "C:/c/ld"},
		{"W/src", "C:/c/ld"},
		{"W/file", "C:/c/l"},
		{"W/src", "C:/c/l"},
		{"W/src/", "C:/c/reld/"},
		{"W/existing", "C:/c/d"},
		{"W/file", "C:/c/e/l/"},
		{"-", "C:/c/f"},
		{"-", "C:/c/nodir"},
	}
	var roots []string
	for i := range cases {
		roots = append(roots, fmt.Sprintf("/c%d", i))
	}
	ctrs := cpContainers(t, f, roots...)
	work := map[string]string{"ref": t.TempDir(), "skiff": t.TempDir()}
	cpLocalTree(t, work["ref"])
	cpLocalTree(t, work["skiff"])
	for i, args := range cases {
		a := make([]string, len(args))
		for j, s := range args {
			a[j] = strings.Replace(s, "C:/c/", fmt.Sprintf("C:/c%d/", i), 1)
			a[j] = strings.Replace(a[j], "C:c/", fmt.Sprintf("C:c%d/", i), 1)
		}
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel() // each case has its own /c<i> in both containers
			cpCompare(t, a, ctrs, work, func(who string) string {
				r, err := fixtureRun("cp", fmt.Sprintf("%s:/c%d", ctrs[who], i), "-")
				if err != nil || r.Code != 0 {
					t.Fatalf("listing /c%d: %v %s", i, err, r)
				}
				return cpListTar(t, strings.NewReader(r.Stdout))
			})
		})
	}
}

// cpContainers makes one tree container per client, concurrently.
func cpContainers(t *testing.T, f *Fix, roots ...string) map[string]string {
	t.Helper()
	names := make(chan [2]string, 2)
	for _, who := range []string{"ref", "skiff"} {
		go func() {
			_, name := f.Container(Image, "sh", "-c", cpTreeScript(roots...))
			names <- [2]string{who, name}
		}()
	}
	ctrs := map[string]string{}
	for range 2 {
		n := <-names
		ctrs[n[0]] = n[1]
	}
	f.Start(ctrs["ref"], ctrs["skiff"])
	for _, name := range ctrs {
		if r, err := fixtureRun("wait", name); err != nil || strings.TrimSpace(r.Stdout) != "0" {
			t.Fatalf("tree script: %v %s", err, r)
		}
	}
	return ctrs
}

// "-" streams a tar: the container's archive to stdout, and a tar on stdin into a
// directory of the container.
func TestCpTarStreams(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	ctrs := cpContainers(t, f, "/t")
	ctr := ctrs["ref"]
	ref, sk := Ref(t, "cp", ctr+":/t/d", "-"), Skiff(t, "cp", ctr+":/t/d", "-")
	if sk.Code != 0 || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
		t.Errorf("cp to stdout: exit %d, stdout same: %v, stderr %q", sk.Code, ref.Stdout == sk.Stdout, sk.Stderr)
	}
	var in bytes.Buffer
	tw := tar.NewWriter(&in)
	tw.WriteHeader(&tar.Header{Name: "fromstdin/", Typeflag: tar.TypeDir, Mode: 0o755, ModTime: time.Unix(1600000000, 0)})
	tw.WriteHeader(&tar.Header{Name: "fromstdin/x", Mode: 0o600, Size: 3, ModTime: time.Unix(1600000000, 0), Uid: 7, Gid: 8})
	tw.Write([]byte("abc"))
	tw.Close()
	list := func(who string) string {
		r, _ := fixtureRun("cp", ctrs[who]+":/t/d/fromstdin", "-")
		return cpListTar(t, strings.NewReader(r.Stdout))
	}
	refIn := RefIn(t, in.String(), nil, "cp", "-", ctrs["ref"]+":/t/d")
	skIn := SkiffIn(t, in.String(), nil, "cp", "-", ctrs["skiff"]+":/t/d")
	if refIn.Code != skIn.Code || refIn.Stdout != skIn.Stdout || skIn.Code != 0 {
		t.Errorf("cp from stdin:\n%s", Diff("reference", "skiff", refIn.String(), skIn.String()))
	}
	if a, b := list("ref"), list("skiff"); a != b || !strings.Contains(b, "fromstdin/x") {
		t.Errorf("cp from stdin: results differ\n%s", Diff("reference", "skiff", a, b))
	}
}

// Argument errors need no container.
func TestCpArgErrors(t *testing.T) {
	t.Parallel()
	Compare(t, "cp")
	Compare(t, "cp", "a")
	Compare(t, "cp", "a", "b")
	Compare(t, "cp", "a:/x", "b:/y")
	Compare(t, "cp", "", "x:/")
	Compare(t, "cp", "x:/f", "")
	Compare(t, "cp", "--bogus", "a", "b")
	Compare(t, "container", "cp", "a")
	Compare(t, "cp", "skiff-e2e-no-such-container:/f", t.TempDir())
}

// On a terminal both clients end with "Successfully copied <size> to <dest>" on
// stderr; -q and a stdout that is not a terminal print nothing.
func TestCpProgressLine(t *testing.T) {
	t.Parallel()
	if !hasRef() {
		t.Skip("no reference client")
	}
	f := Fixture(t)
	ctr := cpContainer(t, f, "/t")
	work := t.TempDir()
	cpLocalTree(t, work)
	onPty := func(bin string, args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Env = cleanEnv(t.TempDir(), nil)
		p, err := pty.Start(cmd)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		out, _ := io.ReadAll(p) // ends with EIO when the child exits
		cmd.Wait()
		return strings.ReplaceAll(string(out), "\r\n", "\n")
	}
	for i, args := range [][]string{
		{ctr + ":/t/d", work + "/out%d"},
		{work + "/src", ctr + ":/t/in%d"},
		{"-q", ctr + ":/t/d", work + "/q%d"},
	} {
		outs := map[string]string{}
		for _, who := range []string{"ref", "skiff"} {
			a := make([]string, len(args))
			for j, s := range args {
				if strings.Contains(s, "%d") {
					s = fmt.Sprintf(s, i) + who
				}
				a[j] = s
			}
			bin := refBin
			if who == "skiff" {
				bin = skiffBin
			}
			outs[who] = strings.ReplaceAll(onPty(bin, append([]string{"cp"}, a...)...), who+"\n", "\n")
		}
		if outs["ref"] != outs["skiff"] {
			t.Errorf("cp %v on a terminal:\n%s", args, Diff("reference", "skiff", outs["ref"], outs["skiff"]))
		}
		if (args[0] == "-q") != (outs["skiff"] == "") {
			t.Errorf("cp %v on a terminal printed %q", args, outs["skiff"])
		}
	}
}

// 256 MiB into a container and back, byte-exact, with skiff's memory flat.
func TestCpLargeRoundTrip(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, ctr := f.Container()
	dir := t.TempDir()
	src := filepath.Join(dir, "big")
	fh, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	rng := rand.NewChaCha8([32]byte{1, 2, 3})
	if _, err := io.CopyN(io.MultiWriter(fh, h), rng, 256<<20); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	want := hex.EncodeToString(h.Sum(nil))

	maxRSS := func(args ...string) int64 {
		cmd := exec.Command(skiffBin, args...)
		cmd.Env = cleanEnv(t.TempDir(), nil)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		peak := rssWatch(cmd.Process.Pid)
		err := cmd.Wait()
		rss := peak()
		if err != nil {
			t.Fatalf("skiff %s: %v\n%s", quoteArgs(args), err, out.String())
		}
		return rss
	}
	in := maxRSS("cp", src, ctr+":/big")
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	out := maxRSS("cp", ctr+":/big", outDir)
	os.Remove(src)
	got, err := os.Open(filepath.Join(outDir, "big"))
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	h2 := sha256.New()
	io.Copy(h2, got)
	if sum := hex.EncodeToString(h2.Sum(nil)); sum != want {
		t.Errorf("round trip sha256 %s, want %s", sum, want)
	}
	const limit = 48 << 20
	if in > limit || out > limit {
		t.Errorf("peak RSS: cp in %d MiB, cp out %d MiB; want ≤ %d MiB", in>>20, out>>20, limit>>20)
	}
	t.Logf("peak RSS: cp in %.1f MiB, cp out %.1f MiB", float64(in)/(1<<20), float64(out)/(1<<20))
}

// The API requests of a copy are the reference's: HEAD to stat the destination (or a
// -L source), then GET or PUT with the same path and flags.
func TestCpRequests(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	ctrs := cpContainers(t, f, "/t")
	work := t.TempDir()
	cpLocalTree(t, work)
	for _, args := range [][]string{
		{"C:/t/d", "W/out"},
		{"-L", "C:/t/ld", "W/out"},
		{"W/src", "C:/t/d"},
		{"-a", "W/file", "C:/t/new"},
		{"W/file", "C:t/rel"},
		{"W/file", "C:relp"},
		{"W/src", "C:t"},
		{"W/src/.", "C:/t/ld"},
	} {
		seqs := map[string]string{}
		for _, who := range []string{"ref", "skiff"} {
			a := make([]string, len(args))
			for i, s := range args {
				s = strings.Replace(s, "C:", ctrs[who]+":", 1)
				a[i] = strings.Replace(s, "W/", work+"/", 1)
				if strings.HasSuffix(a[i], "/out") {
					a[i] += who
				}
			}
			r, reqs := Trace(t, who, "", nil, append([]string{"cp"}, a...)...)
			if r.Code != 0 {
				t.Fatalf("%s cp %v: %s", who, a, r)
			}
			var lines []string
			for _, q := range reqs {
				if q.Path != "/_ping" {
					lines = append(lines, strings.ReplaceAll(q.String(), ctrs[who], "CTR"))
				}
			}
			seqs[who] = strings.Join(lines, "\n")
		}
		if seqs["ref"] != seqs["skiff"] {
			t.Errorf("cp %v requests:\n%s", args, Diff("reference", "skiff", seqs["ref"], seqs["skiff"]))
		}
	}
}
