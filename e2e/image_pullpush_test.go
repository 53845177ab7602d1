//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The docker pull / docker push commands against the local registry (scripts/registry.sh),
// compared with the reference. Each client works on its own tag of the same image
// (TAG-ref, TAG-skiff), so a command that changes the engine's state (a pull adds a tag,
// a push is the registry's) finds the same state for both; the tag is normalised in the
// output before comparing.

// ppSetup pushes bb:latest to a fresh repository of the local registry as repo:base
// (with the reference) and returns the repository; the local tags go at the end.
func ppSetup(t *testing.T) (repo string) {
	t.Helper()
	pullNeedRegistry(t)
	repo = pullRegistry + "/skiff-e2e/pp-" + randHex(5)
	pullPush(t, Image, repo+":base")
	return repo
}

// ppTag tags image as ref locally and removes the tag at the test's end.
func ppTag(t *testing.T, image, ref string) {
	t.Helper()
	pullRefMust(t, "tag", image, ref)
	t.Cleanup(func() { fixtureRun("rmi", ref) })
}

// ppUntag removes ref locally when it is there.
func ppUntag(t *testing.T, ref string) {
	t.Helper()
	if r, err := fixtureRun("image", "inspect", "--format", "{{.ID}}", ref); err == nil && r.Code == 0 {
		pullRefMust(t, "rmi", ref)
	}
}

// ppCompare runs argsFor(who) with each client ("ref", then "skiff"), calling before(who)
// first, and compares exit code, stdout and the first stderr line, with each client's
// own tag ("t-ref", "t-skiff") normalised to "t-WHO", the per-layer statuses that come
// or not from one pull to the next dropped, and each run of per-layer lines sorted (the
// engine handles layers concurrently: their order changes from run to run).
func ppCompare(t *testing.T, before func(who string), argsFor func(who string) []string) (ref, sk Result) {
	t.Helper()
	res := map[string]Result{}
	for _, who := range []string{"ref", "skiff"} {
		if before != nil {
			before(who)
		}
		var r Result
		if who == "ref" {
			r = Ref(t, argsFor(who)...)
		} else {
			r = Skiff(t, argsFor(who)...)
		}
		// both tags go (the -a forms list them all)
		norm := strings.NewReplacer("t-ref", "t-WHO", "t-skiff", "t-WHO")
		r.Stdout = ppSortLayerLines(pullStableLines(norm.Replace(r.Stdout)))
		r.Stderr = norm.Replace(r.Stderr)
		res[who] = r
	}
	ref, sk = res["ref"], res["skiff"]
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.FirstErrLine() != sk.FirstErrLine() {
		t.Errorf("%s differs\n%s", quoteArgs(argsFor("WHO")), Diff("reference", "skiff", ref.String(), sk.String()))
	}
	return ref, sk
}

// push of a tag (default, -q, no tag given, -a), then pull of it back by tag, digest and
// -a, with and without -q, through a pipe.
func TestPullPushRegistry(t *testing.T) {
	t.Parallel()
	repo := ppSetup(t)
	for _, who := range []string{"ref", "skiff"} {
		ppTag(t, Image, repo+":t-"+who)
	}

	// push: the layer is already in the repository (from the set-up), so both clients
	// see "Layer already exists"
	ppCompare(t, nil, func(who string) []string { return []string{"push", repo + ":t-" + who} })
	_, sk := ppCompare(t, nil, func(who string) []string { return []string{"push", "-q", repo + ":t-" + who} })
	if sk.Stdout != repo+":t-WHO\n" {
		t.Errorf("push -q printed %q", sk.Stdout)
	}
	ppCompare(t, nil, func(string) []string { return []string{"image", "push", "--all-tags", repo} })
	ppCompare(t, nil, func(string) []string { return []string{"push", "-a", "-q", repo} })

	// pull by tag, each client's own tag missing locally before it pulls
	untag := func(who string) { ppUntag(t, repo+":t-"+who) }
	_, sk = ppCompare(t, untag, func(who string) []string { return []string{"pull", repo + ":t-" + who} })
	if !strings.HasSuffix(sk.Stdout, "Status: Downloaded newer image for "+repo+":t-WHO\n"+repo+":t-WHO\n") {
		t.Errorf("pull printed %q", sk.Stdout)
	}
	ppCompare(t, untag, func(who string) []string { return []string{"image", "pull", "-q", repo + ":t-" + who} })
	// already there: "Image is up to date"
	ppCompare(t, nil, func(who string) []string { return []string{"pull", repo + ":t-" + who} })

	// pull by digest (the same for both: the digest reference goes before each pull)
	digest := strings.TrimSpace(pullRefMust(t, "image", "inspect", "--format", "{{index .RepoDigests 0}}", repo+":t-ref"))
	if !strings.HasPrefix(digest, repo+"@sha256:") {
		t.Fatalf("RepoDigests[0] = %q", digest)
	}
	undigest := func(string) { ppUntag(t, digest) }
	ppCompare(t, undigest, func(string) []string { return []string{"pull", digest} })
	ppCompare(t, undigest, func(string) []string { return []string{"pull", "-q", digest} })
	t.Cleanup(func() { fixtureRun("rmi", digest) })

	// -a: every tag of the repository, the repository alone on the last line
	untagAll := func(string) {
		for _, tag := range []string{"base", "t-ref", "t-skiff"} {
			ppUntag(t, repo+":"+tag)
		}
	}
	_, sk = ppCompare(t, untagAll, func(string) []string { return []string{"pull", "-a", repo} })
	if !strings.HasSuffix(sk.Stdout, "\n"+repo+"\n") {
		t.Errorf("pull -a printed %q", sk.Stdout)
	}
	ppCompare(t, untagAll, func(string) []string { return []string{"pull", "--all-tags", "--quiet", repo} })
	for _, tag := range []string{"base", "t-ref", "t-skiff"} {
		t.Cleanup(func() { fixtureRun("rmi", repo+":"+tag) })
	}
}

// An image with a layer of its own: push uploads it, pull downloads and extracts it; the
// plain lines through a pipe compare (the statuses the engine sends or not from run to
// run left out).
func TestPullPushLayered(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	repo := pullRegistry + "/skiff-e2e/pplayer-" + randHex(5)
	_, src := f.Container(Image, "sh", "-c", "head -c 300000 /dev/urandom > /layer")
	f.Start(src)
	pullRefMust(t, "wait", src)
	pullRefMust(t, "commit", src, repo+":base")
	t.Cleanup(func() { fixtureRun("rmi", repo+":base") })
	for _, who := range []string{"ref", "skiff"} {
		ppTag(t, repo+":base", repo+":t-"+who)
	}
	// the first push of each: a fresh repository per client would mount the layer from
	// elsewhere; one repository, pushed in turn, uploads it once, so only the second
	// push compares ("Layer already exists" for both)
	pullRefMust(t, "push", repo+":base")
	ppCompare(t, nil, func(who string) []string { return []string{"push", repo + ":t-" + who} })

	// pull with the layer missing from the engine: untag everything, base included
	pullRefMust(t, "rmi", repo+":base")
	ppCompare(t, func(who string) {
		ppUntag(t, repo+":t-ref")
		ppUntag(t, repo+":t-skiff")
	}, func(who string) []string { return []string{"pull", repo + ":t-" + who} })
}

// Errors: docker's words and exit code (1 for all of them but a flag error).
func TestPullPushErrors(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	repo := pullRegistry + "/skiff-e2e/pperr-" + randHex(5)
	refused := "127.0.0.1:5999/skiff-e2e/pperr-" + randHex(5) + ":x"
	ppTag(t, Image, refused)
	digest := "sha256:9a2ed510607663f1a8b083f759f2dc58deff233e6e165f83638c740eac3d0d56"
	for _, args := range [][]string{
		{"pull", repo + ":missing"},
		{"pull", "-q", repo + ":missing"},
		{"pull", "-a", repo},
		{"pull", "127.0.0.1:5999/nothing-listens:x"},
		{"pull", "UPPER"},
		{"pull", "@@"},
		{"pull", "-a", repo + ":x"},
		{"pull", "-a", repo + "@" + digest},
		{"pull", "--platform", "bogus", repo + ":x"},
		{"pull"},
		{"image", "pull", "a", "b"},
		{"pull", "--bogus", "x"},
		{"push", repo + ":not-local"},
		{"push", "-q", repo},
		{"push", refused},
		{"push", "-q", refused},
		{"push", "-a", repo + ":x"},
		{"push", repo + "@" + digest},
		{"push", "UPPER:x"},
		{"push", "--platform", "linux/amd64", repo + ":x"},
		{"image", "push"},
	} {
		Compare(t, args...)
		if r := Skiff(t, args...); r.Code == 0 {
			t.Errorf("%s: exit 0", quoteArgs(args))
		}
	}
	// an engine that cannot be reached
	env := []string{"DOCKER_HOST=unix:///nonexistent/docker.sock"}
	CompareEnv(t, env, "", "pull", repo+":x")
	CompareEnv(t, env, "", "push", repo+":x")
}

// The request itself: path, query and X-Registry-Auth as the reference sends them.
func TestPullPushRequests(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	repo := pullRegistry + "/skiff-e2e/ppreq-" + randHex(5)
	for _, args := range [][]string{
		{"pull", "-q", repo + ":x"},
		{"pull", "-a", "--platform", "linux/amd64", repo},
		{"pull", "nothing-here-" + randHex(3)},
		{"push", repo + ":x"},
		{"push", "-a", repo},
	} {
		got := map[string]string{}
		for _, who := range []string{"ref", "skiff"} {
			_, reqs := Trace(t, who, "", nil, args...)
			for _, r := range reqs {
				if strings.HasPrefix(r.Path, "/images/") {
					got[who] += r.String() + " auth=" + r.Header.Get("X-Registry-Auth") + "\n"
				}
			}
		}
		if got["ref"] != got["skiff"] || got["ref"] == "" {
			t.Errorf("%s: requests differ\n%s", quoteArgs(args), Diff("reference", "skiff", got["ref"], got["skiff"]))
		}
	}
}

// ppLayerLine is a per-layer status line through a pipe: "b1915662e831: Pushed".
var ppLayerLine = regexp.MustCompile(`^[0-9a-f]{12}: `)

// ppSortLayerLines sorts each run of consecutive per-layer lines of s.
func ppSortLayerLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && ppLayerLine.MatchString(lines[j]) {
			j++
		}
		if j > i {
			slices.Sort(lines[i:j])
			i = j
		} else {
			i++
		}
	}
	return strings.Join(lines, "")
}

// ppInPlace is the redraw of a layer's line in place: up, erase, status, down.
var ppInPlace = regexp.MustCompile(`\x1b\[1A\x1b\[2K\r[0-9a-f]{12}: Pull complete \r\x1b\[1B`)

// On a terminal, pull redraws each layer's line in place (cursor up, erase, the status,
// cursor down), ends with the reference, and leaves the cursor visible.
func TestPullPty(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	repo := pullRegistry + "/skiff-e2e/pppty-" + randHex(5)
	_, src := f.Container(Image, "sh", "-c", "head -c 300000 /dev/urandom > /layer")
	f.Start(src)
	pullRefMust(t, "wait", src)
	pullRefMust(t, "commit", src, repo+":x")
	pullRefMust(t, "push", repo+":x")
	pullRefMust(t, "rmi", repo+":x")
	t.Cleanup(func() { fixtureRun("rmi", repo+":x") })

	s := ptyStart(t, skiffBin, homesOf(t).skiff, "pull", repo+":x")
	out := s.until(repo + ":x\r\n" + repo + ":x\r\n")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d; output %q", code, out)
	}
	if !ppInPlace.MatchString(out) {
		t.Errorf("no layer redrawn in place: %q", out)
	}
	if !strings.HasPrefix(out, "x: Pulling from skiff-e2e/") || !strings.Contains(out, "Status: Downloaded newer image for ") {
		t.Errorf("output %q", out)
	}
	if hide := strings.LastIndex(out, "\x1b[?25l"); hide >= 0 && !strings.Contains(out[hide:], "\x1b[?25h") {
		t.Errorf("cursor left hidden: %q", out)
	}
}

// Ctrl-C during a pull on a terminal: the pull stops at once and the client exits 130
// without a word, the reference and skiff alike; the cursor is not left hidden. The
// engine is a fake whose pull sends one progress message and then waits.
func TestPullPtyInterrupt(t *testing.T) {
	t.Parallel()
	host := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.41")
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Write([]byte("OK"))
		case strings.HasSuffix(r.URL.Path, "/images/create"):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintln(w, `{"status":"Pulling from library/slow","id":"latest"}`)
			fmt.Fprintln(w, `{"status":"Downloading","progressDetail":{"current":1000,"total":900000000},"id":"aaaaaaaaaaaa"}`)
			w.(http.Flusher).Flush()
			select { // until the client goes (or the test ends)
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
		default:
			http.Error(w, `{"message":"unexpected"}`, http.StatusNotFound)
		}
	})
	codes := map[string]int{}
	for _, who := range []string{"ref", "skiff"} {
		bin, home := skiffBin, homesOf(t).skiff
		if who == "ref" {
			if !hasRef() {
				continue
			}
			bin, home = refBin, homesOf(t).ref
		}
		s := ptyStart(t, bin, home, "-H", host, "pull", "slow")
		s.expect("aaaaaaaaaaaa: Downloading")
		s.expect("\x1b[1B")
		s.send("\x03")
		codes[who] = s.wait()
		t.Logf("%s: exit %d after ^C", who, codes[who])
		s.mu.Lock()
		rest := s.out.String()
		s.mu.Unlock()
		if strings.Contains(rest, "\x1b[?25l") && !strings.Contains(rest, "\x1b[?25h") {
			t.Errorf("%s: cursor left hidden: %q", who, rest)
		}
		if strings.Contains(rest, "Error") || strings.Contains(rest, "goroutine") {
			t.Errorf("%s printed after the interrupt: %q", who, rest)
		}
	}
	if codes["skiff"] != 130 {
		t.Errorf("skiff exit %d, want 130", codes["skiff"])
	}
	if c, ok := codes["ref"]; ok && c != codes["skiff"] {
		t.Errorf("exit: reference %d, skiff %d", c, codes["skiff"])
	}
}
