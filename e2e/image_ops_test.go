//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// opsFix makes images for the mutating image commands (tag, rmi, prune, save, load,
// import): each committed from a fixture container with a label of its own, so cleanup
// (and image prune) reach only them. bb:latest is never tagged, untagged or removed.
type opsFix struct {
	t     *testing.T
	f     *Fix
	repo  string // "skiff-e2e-ops-<hex>"
	label string // "skiff.e2e.ops=<hex>"
	ctr   string // a stopped fixture container holding /x
}

func newOpsFix(t *testing.T) *opsFix {
	t.Helper()
	f := Fixture(t)
	id := randHex(4)
	o := &opsFix{t: t, f: f, repo: "skiff-e2e-ops-" + id, label: "skiff.e2e.ops=" + id}
	t.Cleanup(o.removeImages)
	// content of its own: a layer no other test's image shares (same content, same second)
	_, o.ctr = f.Container(Image, "sh", "-c", "echo "+id+" > /x")
	f.Start(o.ctr)
	o.must("wait", o.ctr)
	return o
}

// must runs the fixture client and fails the test unless it succeeds.
func (o *opsFix) must(args ...string) string {
	o.t.Helper()
	r, err := fixtureRun(args...)
	if err != nil || r.Code != 0 {
		o.t.Fatalf("fixture: docker %s: %v\n%s", quoteArgs(args), err, r)
	}
	return strings.TrimSpace(r.Stdout)
}

// commit commits the fixture container, labelled, as ref ("" for none); it returns the ID.
func (o *opsFix) commit(ref string, args ...string) string {
	o.t.Helper()
	full := append([]string{"commit", "-c", "LABEL " + o.label}, args...)
	full = append(full, o.ctr)
	if ref != "" {
		full = append(full, ref)
	}
	return o.must(full...)
}

// removeImages removes every image carrying the label, whatever tags it has.
func (o *opsFix) removeImages() {
	r, _ := fixtureRun("images", "-a", "-q", "--no-trunc", "--filter", "label="+o.label)
	if ids := strings.Fields(r.Stdout); len(ids) > 0 {
		fixtureRun(append([]string{"rmi", "-f", "--no-prune"}, ids...)...)
		fixtureRun(append([]string{"rmi", "-f"}, ids...)...)
	}
}

// listing is the labelled images, as both clients would see them.
func (o *opsFix) listing() string {
	o.t.Helper()
	lines := strings.Split(Normalize(o.must("images", "-a", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "--filter", "label="+o.label)), "\n")
	sort.Strings(lines) // the engine orders images made in the same second as it likes
	return strings.Join(lines, "\n")
}

// opsBoth runs, for the reference then skiff, setup (which makes the same state each
// time) and then the command, and compares exit code, normalised stdout and the first
// line of stderr, and the labelled images left afterwards.
func opsBoth(t *testing.T, o *opsFix, setup func(), stdin string, args ...string) (ref, sk Result) {
	t.Helper()
	var after [2]string
	for i, who := range []string{"ref", "skiff"} {
		o.removeImages()
		setup()
		bin, home := clientOf(t, who)
		r := run(t, who, bin, home, stdin, nil, args)
		if i == 0 {
			ref = r
		} else {
			sk = r
		}
		after[i] = o.listing()
	}
	if ref.Code != sk.Code || Normalize(ref.Stdout) != Normalize(sk.Stdout) || Normalize(ref.FirstErrLine()) != Normalize(sk.FirstErrLine()) {
		t.Errorf("docker %s: exit %d/%d\n%s  reference stderr: %q\n  skiff stderr:     %q", quoteArgs(args), ref.Code, sk.Code,
			Diff("reference", "skiff", Normalize(ref.Stdout), Normalize(sk.Stdout)), ref.FirstErrLine(), sk.FirstErrLine())
	}
	if after[0] != after[1] {
		t.Errorf("docker %s: images left differ:\n%s", quoteArgs(args), Diff("reference", "skiff", after[0], after[1]))
	}
	return ref, sk
}

func TestImageTagRmi(t *testing.T) {
	t.Parallel()
	o := newOpsFix(t)
	one := o.repo + ":one"
	setup := func() { o.commit(one) }
	opsBoth(t, o, setup, "", "tag", one, o.repo+":two")
	opsBoth(t, o, setup, "", "image", "tag", one, o.repo+"/x") // tag latest
	opsBoth(t, o, setup, "", "tag", "nosuch-"+o.repo+":img", o.repo+":three")
	// several images: what went on stdout, every error on stderr, exit 1
	setup2 := func() {
		id := o.commit(one)
		o.must("tag", id, o.repo+":two")
		o.must("tag", id, o.repo+"/x:three")
	}
	opsBoth(t, o, setup2, "", "rmi", o.repo+":two", "nosuch-"+o.repo, one, "BAD", o.repo+"/x:three")
	opsBoth(t, o, setup2, "", "image", "rm", "-f", "--no-prune", one)
	opsBoth(t, o, setup2, "", "image", "remove", one) // still tagged twice: only untagged
	// an image a container uses: the engine's conflict, then -f
	setup3 := func() {
		o.commit(one)
		o.f.Create(one)
	}
	opsBoth(t, o, setup3, "", "rmi", one)
}

// TestImageRefErrors compares what changes nothing: reference and argument errors.
func TestImageRefErrors(t *testing.T) {
	t.Parallel()
	o := newOpsFix(t)
	img := o.repo + ":src"
	o.commit(img)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"tag"}, {"tag", "a"}, {"tag", img, "UPPER:x"}, {"tag", "Bad@@", img + "x"}, {"tag", img, "a:b:c"},
		{"tag", img, "x@sha256:1111111111111111111111111111111111111111111111111111111111111111"},
		{"tag", "", "x"}, {"tag", "Bad@@", "UPPER"},
		{"rmi"}, {"rmi", "nosuch-" + o.repo}, {"rmi", "nosuch-" + o.repo, "BAD", ""},
		{"image", "rm", "--platform", "linux/amd64", "x"},
		{"image", "prune", "x"}, {"image", "prune", "--bogus"},
		{"save"}, {"save", "nosuch-" + o.repo}, {"save", "BAD"}, {"save", "--platform", "linux/amd64", img},
		{"save", "-o", filepath.Join(dir, "missing", "x.tar"), img}, {"save", "-o", dir, img},
		{"save", "-o", filepath.Join(dir, "n.tar"), "nosuch-" + o.repo},
		{"load", "x"}, {"load", "-i", filepath.Join(dir, "nosuch.tar")}, {"load", "-i", dir},
		{"load", "--platform", "linux/amd64"},
		{"import"}, {"import", filepath.Join(dir, "nosuch.tar")}, {"import", dir}, {"import", "ftp://x/y"},
		{"import", "http://127.0.0.1:1/x.tar"}, {"import", "-", "BAD"}, {"import", filepath.Join(dir, "nosuch.tar"), "BAD"},
		{"import", "-", o.repo + "@sha256:1111111111111111111111111111111111111111111111111111111111111111"},
	} {
		Compare(t, args...)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left by failed saves: %v", ents)
	}
}

func TestImagePruneLabelled(t *testing.T) {
	t.Parallel()
	enginePruneOne(t)
	o := newOpsFix(t)
	filter := "label=" + o.label
	// a tagged image and a dangling one (the same tag committed again)
	setup := func() {
		o.commit(o.repo + ":a")
		o.commit(o.repo+":a", "-m", "again")
	}
	opsBoth(t, o, setup, "", "image", "prune", "-f", "--filter", filter)
	opsBoth(t, o, setup, "y\n", "image", "prune", "--filter", filter)
	opsBoth(t, o, setup, "n\n", "image", "prune", "--filter", filter)
	opsBoth(t, o, setup, "yes\n", "image", "prune", "--filter", filter)
	opsBoth(t, o, setup, "", "image", "prune", "--filter", filter) // stdin at its end: no
	opsBoth(t, o, setup, "n\n", "image", "prune", "-a", "--filter", filter)
	// -a: the tagged one too (one image: the engine's order is then fixed)
	setupA := func() { o.commit(o.repo + ":a") }
	opsBoth(t, o, setupA, "Y\n", "image", "prune", "-a", "--filter", filter)
	opsBoth(t, o, setupA, "", "image", "prune", "--all", "--force", "--filter", filter)
	// config.json's pruneFilters are joined to --filter: a second "until" is the engine's error
	cfg := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"pruneFilters":["until=2h","label=x=y"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	CompareEnv(t, []string{"DOCKER_CONFIG=" + cfg}, "", "image", "prune", "-f", "--filter", filter, "--filter", "until=1000000h")
	// the question on a terminal, answered
	for _, who := range []string{"ref", "skiff"} {
		o.removeImages()
		setupA()
		bin, home := clientOf(t, who)
		out, code := ptyRun(t, bin, home, nil, 80, "y\r", "image", "prune", "-a", "--filter", filter)
		if code != 0 || !strings.Contains(out, "Are you sure you want to continue? [y/N] ") || !strings.Contains(out, "Total reclaimed space:") {
			t.Errorf("%s: prune on a terminal: exit %d\n%s", who, code, out)
		}
		if l := o.listing(); l != "" {
			t.Errorf("%s: left %s", who, l)
		}
	}
}

func TestImageSaveLoadRoundTrip(t *testing.T) {
	t.Parallel()
	o := newOpsFix(t)
	img := o.repo + ":a"
	o.commit(img)
	dir := t.TempDir()
	refTar, skTar := filepath.Join(dir, "ref.tar"), filepath.Join(dir, "skiff.tar")
	r, s := Ref(t, "save", "-o", refTar, img), Skiff(t, "image", "save", "--output", skTar, img)
	if r.Code != 0 || s.Code != 0 || r.Stdout+s.Stdout != "" {
		t.Fatalf("save -o: reference %v, skiff %v", r, s)
	}
	refB, _ := os.ReadFile(refTar)
	skB, _ := os.ReadFile(skTar)
	if len(refB) == 0 || !bytes.Equal(refB, skB) {
		t.Fatalf("save -o: %d bytes from the reference, %d from skiff, not the same", len(refB), len(skB))
	}
	if fi, err := os.Stat(skTar); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("save -o: %v %v, the reference writes 0600", fi.Mode(), err)
	}
	// to stdout, and several images
	if s := Skiff(t, "save", img); s.Code != 0 || s.Stdout != string(refB) {
		t.Errorf("save to stdout: exit %d, %d bytes, not the archive", s.Code, len(s.Stdout))
	}
	o.must("tag", img, o.repo+":b")
	r, s = Ref(t, "save", img, o.repo+":b"), Skiff(t, "save", img, o.repo+":b")
	if r.Code != 0 || r.Stdout != s.Stdout {
		t.Errorf("save of two images: reference %d bytes, skiff %d (exit %d)", len(r.Stdout), len(s.Stdout), s.Code)
	}
	o.must("rmi", o.repo+":b")

	// load it back: from a file, from stdin, quiet (opsBoth removes the image first)
	gone := func() {}
	opsBoth(t, o, gone, "", "load", "-i", skTar)
	opsBoth(t, o, gone, "", "image", "load", "-q", "--input", skTar)
	opsBoth(t, o, gone, string(refB), "load")
	if l := o.listing(); !strings.Contains(l, img+" ") {
		t.Errorf("after load: %q", l)
	}
	// loaded over itself
	opsBoth(t, o, func() { o.must("load", "-i", skTar) }, "", "load", "-i", skTar)

	// on a terminal: the progress drawn in place, then "Loaded image:"
	var outs [2]string
	for i, who := range []string{"ref", "skiff"} {
		o.removeImages()
		bin, home := clientOf(t, who)
		out, code := ptyRun(t, bin, home, nil, 80, "", "load", "-i", skTar)
		if code != 0 || !strings.Contains(out, "Loaded image: "+img) {
			t.Errorf("%s: load on a terminal: exit %d\n%q", who, code, out)
		}
		outs[i] = out
	}
	if outs[0] != outs[1] {
		t.Errorf("load on a terminal:\n%s", Diff("reference", "skiff", outs[0], outs[1]))
	}
	// a terminal as save's stdout, as load's stdin: refused
	for _, args := range [][]string{{"save", img}, {"load"}, {"image", "load", "-q"}} {
		var got [2]string
		for i, who := range []string{"ref", "skiff"} {
			bin, home := clientOf(t, who)
			out, code := ptyRun(t, bin, home, nil, 80, "", args...)
			got[i] = fmt.Sprintf("%s exit %d", strings.TrimSpace(out), code)
		}
		if got[0] != got[1] {
			t.Errorf("%s on a terminal: reference %q, skiff %q", quoteArgs(args), got[0], got[1])
		}
	}
}

func TestImageLoadBroken(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.tar")
	if err := os.WriteFile(broken, []byte(strings.Repeat("not a tar\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	CompareEnv(t, nil, "garbage\n", "load")
	CompareEnv(t, nil, "garbage\n", "load", "-q")
	Compare(t, "load", "-i", broken)
	Compare(t, "image", "load", "--input", broken)
	// an empty archive: the engine names its temporary directory
	empty := filepath.Join(dir, "empty.tar")
	os.WriteFile(empty, nil, 0o644)
	tmpDir := regexp.MustCompile(`docker-import-[0-9]+`)
	CompareWith(t, func(s string) string { return tmpDir.ReplaceAllString(s, "docker-import-N") }, nil, "", "load", "-i", empty)
}

func TestImageImportExported(t *testing.T) {
	t.Parallel()
	o := newOpsFix(t)
	dir := t.TempDir()
	fsTar := filepath.Join(dir, "fs.tar")
	o.must("export", "-o", fsTar, o.ctr)
	fsB, err := os.ReadFile(fsTar)
	if err != nil {
		t.Fatal(err)
	}
	img := o.repo + ":imp"
	inspect := func(who string) string {
		return o.must("image", "inspect", "--format", "{{.Comment}}|{{.Config.Labels}}|{{.Config.Cmd}}|{{.Os}}", img)
	}
	var seen [2]string
	for i, who := range []string{"ref", "skiff"} {
		o.removeImages()
		bin, home := clientOf(t, who)
		r := run(t, who, bin, home, "", nil, []string{"import", "-c", "LABEL " + o.label, "-c", `CMD ["sh"]`, "-m", "from e2e", fsTar, img})
		if r.Code != 0 || !strings.HasPrefix(r.Stdout, "sha256:") || len(strings.TrimSpace(r.Stdout)) != 71 {
			t.Errorf("%s: import: %v", who, r)
		}
		seen[i] = inspect(who)
	}
	if seen[0] != seen[1] {
		t.Errorf("imported image: reference %q, skiff %q", seen[0], seen[1])
	}
	noop := func() {}
	opsBoth(t, o, noop, string(fsB), "image", "import", "--change", "LABEL "+o.label, "--message", "stdin", "-", o.repo+":stdin")
	opsBoth(t, o, noop, "", "import", "--platform", "linux/amd64", "-c", "LABEL "+o.label, fsTar)
	opsBoth(t, o, noop, "", "import", "-c", "BOGUS x", fsTar)
	opsBoth(t, o, noop, "garbage\n", "import", "-c", "LABEL "+o.label, "-")
}

// save -o checks its output as export -o does (one commands.OutputFile): a link (even a
// dangling one), a device, a fifo or "file/" are refused before the engine is asked,
// and nothing is left behind.
func TestImageSaveOutput(t *testing.T) {
	t.Parallel()
	o := newOpsFix(t)
	img := o.repo + ":a"
	o.commit(img)
	dir, file, fifo, dangling, link, norm := outputTargets(t)
	for _, args := range [][]string{
		{"save", "-o", link, img},
		{"save", "-o", dangling, img},
		{"save", "-o", dangling, "nosuch-" + o.repo},
		{"save", "-o", "/dev/null", img},
		{"save", "-o", fifo, img},
		{"save", "-o", file + "/", img},
		{"save", "-o", "/proc/x.tar", img},
	} {
		CompareWith(t, norm, nil, "", args...)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device: %v %v", fi, err)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "F" {
		t.Errorf("save through a link changed its target: %q %v", b, err)
	}
	var names []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "dangling.tar fifo file link.tar" {
		t.Errorf("files left: %v", names)
	}
}
