//go:build e2e

package e2e

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pullRegistry is the local registry scripts/registry.sh starts; the engine treats
// 127.0.0.1 registries as insecure, so nothing needs configuring.
const pullRegistry = "127.0.0.1:5000"

// pullNeedRegistry starts the local registry, skipping the test when that is not
// possible (a failure under CI=true).
func pullNeedRegistry(t *testing.T) {
	t.Helper()
	if !hasRef() {
		t.Skip("needs the reference client to push images")
	}
	out, err := exec.Command(filepath.Join("..", "scripts", "registry.sh"), "up").CombinedOutput()
	if err != nil {
		if isCI() {
			t.Fatalf("scripts/registry.sh up: %v\n%s", err, out)
		}
		t.Skipf("no local registry (scripts/registry.sh up: %v): %s", err, out)
	}
}

// pullRef runs the reference client outside the test's HOME and fails the test on error.
func pullRefMust(t *testing.T, args ...string) string {
	t.Helper()
	r, err := fixtureRun(args...)
	if err != nil || r.Code != 0 {
		t.Fatalf("docker %s: %v\n%s", quoteArgs(args), err, r)
	}
	return r.Stdout
}

// pullPush pushes image to the local registry as repo:tag with the reference client and
// removes the local tag again; the registry keeps it.
func pullPush(t *testing.T, image, ref string) {
	t.Helper()
	pullRefMust(t, "tag", image, ref)
	pullRefMust(t, "push", ref)
	pullRefMust(t, "rmi", ref)
}

// pullCompareCreate runs `create` of a missing image with each client (each on its own
// tag of the same image, removed again afterwards) and compares exit code, stdout and
// the whole of stderr: the "Unable to find image" line and the pull's plain lines.
func pullCompareCreate(t *testing.T, f *Fix, repo, tag string, extra ...string) {
	t.Helper()
	pullCompare(t, repo, tag, func(ref string) []string {
		args := append([]string{"create", "--label", f.Label(), "--name", f.Name()}, extra...)
		return append(args, ref, "true")
	})
}

// pullCompare runs the command argsFor(image) with each client, on its own tag of the
// same image, and compares the results; a container id on stdout is removed before
// the image is.
func pullCompare(t *testing.T, repo, tag string, argsFor func(ref string) []string) {
	t.Helper()
	results := map[string]Result{}
	for _, who := range []string{"ref", "skiff"} {
		ref := repo + ":" + tag + "-" + who
		args := argsFor(ref)
		var r Result
		if who == "ref" {
			r = Ref(t, args...)
		} else {
			r = Skiff(t, args...)
		}
		// the next client must find the image missing again, layers included
		if r.Code == 0 && args[0] == "create" {
			pullRefMust(t, "rm", strings.TrimSpace(r.Stdout))
		}
		// whatever was pulled (quietly with -q, or before a non-zero exit) goes: the next
		// client must pull again, and no tag is left behind
		if out, err := fixtureRun("image", "inspect", "--format", "{{.ID}}", ref); err == nil && out.Code == 0 {
			pullRefMust(t, "rmi", ref)
		}
		r.Stdout = Normalize(r.Stdout)
		r.Stderr = pullStableLines(strings.ReplaceAll(r.Stderr, tag+"-"+who, "TAG"))
		results[who] = r
	}
	ref, sk := results["ref"], results["skiff"]
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
		t.Errorf("%s differs\n%s", quoteArgs(argsFor(repo)), Diff("reference", "skiff", ref.String(), sk.String()))
	}
	if quiet := slices.Contains(argsFor(repo), "-q"); !quiet && !strings.HasPrefix(sk.Stderr, "Unable to find image '"+repo+":TAG' locally\n") {
		t.Errorf("skiff's stderr does not start with the missing-image line:\n%s", sk.Stderr)
	}
}

// pullStableLines drops the per-layer statuses the engine sends or leaves out from one
// pull to the next (its progress messages race): "Waiting", "Verifying Checksum",
// "Download complete". The reference itself prints them or not from run to run.
func pullStableLines(s string) string {
	var keep []string
	for _, line := range strings.SplitAfter(s, "\n") {
		_, status, ok := strings.Cut(line, ": ")
		if ok && (status == "Waiting\n" || status == "Verifying Checksum\n" || status == "Download complete\n") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "")
}

// `create` of an image that is not there pulls it from the registry, printing the pull
// as docker does through a pipe, then creates the container.
func TestPullOnCreate(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	tag := "t" + randHex(6)
	repo := pullRegistry + "/skiff-e2e/bb"

	// bb:latest itself: every layer is already in the engine.
	pullPush(t, Image, repo+":"+tag+"-ref")
	pullPush(t, Image, repo+":"+tag+"-skiff")
	pullCompareCreate(t, f, repo, tag)
	// -q silences the "Unable to find image" notice as well as the progress
	pullPush(t, Image, repo+":"+tag+"q-ref")
	pullPush(t, Image, repo+":"+tag+"q-skiff")
	pullCompareCreate(t, f, repo, tag+"q", "-q")

	// an image with a layer of its own, downloaded by each pull
	_, src := f.Container(Image, "sh", "-c", "echo "+tag+" > /layer")
	f.Start(src)
	pullRefMust(t, "wait", src)
	layered := pullRegistry + "/skiff-e2e/layered"
	pullRefMust(t, "commit", src, layered+":"+tag+"-base")
	t.Cleanup(func() { fixtureRun("rmi", "-f", layered+":"+tag+"-base") })
	pullPush(t, layered+":"+tag+"-base", layered+":"+tag+"-ref")
	pullRefMust(t, "tag", layered+":"+tag+"-base", layered+":"+tag+"-skiff")
	pullRefMust(t, "push", layered+":"+tag+"-skiff")
	pullRefMust(t, "rmi", layered+":"+tag+"-skiff", layered+":"+tag+"-base")
	pullCompareCreate(t, f, layered, tag)
}

// A missing repository or registry: the daemon's answer and exit code as the reference
// gives them (create exits 1 where run exits 125).
func TestPullOnCreateErrors(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	missing := pullRegistry + "/skiff-e2e/missing-" + randHex(4) + ":x"
	for _, args := range [][]string{
		{"create", "--label", f.Label(), missing},
		{"create", "--label", f.Label(), "--pull", "always", pullRegistry + "/skiff-e2e/missing-" + randHex(4)},
		{"create", "--label", f.Label(), "127.0.0.1:5999/nothing-listens:x"},
	} {
		ref, sk := Ref(t, args...), Skiff(t, args...)
		if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
			t.Errorf("%s differs\n%s", quoteArgs(args), Diff("reference", "skiff", ref.String(), sk.String()))
		}
		if sk.Code == 0 {
			t.Errorf("%s: exit 0", quoteArgs(args))
		}
	}
}

// A first component with a "." that is no valid host ("x.y__z.io") is part of the path,
// not a registry: the missing-image line names it without a leading "/" and the daemon
// gets it as docker sends it (its answer, exit 125, the same).
func TestPullOnCreateNoDomain(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	args := []string{"create", "--label", f.Label(), "x.y__z.io/skiff-e2e-" + randHex(4) + ":x", "true"}
	ref, sk := Ref(t, args...), Skiff(t, args...)
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
		t.Errorf("%s differs\n%s", quoteArgs(args), Diff("reference", "skiff", ref.String(), sk.String()))
	}
	if !strings.HasPrefix(sk.Stderr, "Unable to find image 'x.y__z.io/") {
		t.Errorf("stderr %q", sk.Stderr)
	}
}

// The pull request itself: fully qualified name, tag, and an empty X-Registry-Auth.
func TestPullRequest(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	missing := pullRegistry + "/skiff-e2e/missing-" + randHex(4)
	pulls := map[string][]Request{}
	for _, who := range []string{"ref", "skiff"} {
		_, reqs := Trace(t, who, "", nil, "create", "--label", f.Label(), "--platform", "linux/amd64", missing)
		for _, r := range reqs {
			if r.Path == "/images/create" {
				pulls[who] = append(pulls[who], r)
			}
		}
	}
	ref, sk := pulls["ref"], pulls["skiff"]
	if len(ref) != 1 || len(sk) != 1 {
		t.Fatalf("pull requests: reference %v, skiff %v", ref, sk)
	}
	if ref[0].String() != sk[0].String() {
		t.Errorf("pull request: reference %s, skiff %s", ref[0], sk[0])
	}
	if a, b := ref[0].Header.Get("X-Registry-Auth"), sk[0].Header.Get("X-Registry-Auth"); a != b {
		t.Errorf("X-Registry-Auth: reference %q, skiff %q", a, b)
	}
}

// `run --rm` of a missing image: the missing-image line and the pull on stderr, then the
// container's output and exit code; a missing repository exits 125 with docker run's
// error lines.
func TestPullOnRun(t *testing.T) {
	t.Parallel()
	pullNeedRegistry(t)
	f := Fixture(t)
	tag := "r" + randHex(6)
	repo := pullRegistry + "/skiff-e2e/bb"
	pullPush(t, Image, repo+":"+tag+"-ref")
	pullPush(t, Image, repo+":"+tag+"-skiff")
	pullCompare(t, repo, tag, func(ref string) []string {
		return []string{"run", "--rm", "--label", f.Label(), ref, "sh", "-c", "echo ran; exit 3"}
	})
	missing := pullRegistry + "/skiff-e2e/missing-" + randHex(4) + ":x"
	args := []string{"run", "--rm", "--label", f.Label(), missing, "true"}
	ref, sk := Ref(t, args...), Skiff(t, args...)
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr || sk.Code != 125 {
		t.Errorf("%s (want exit 125)\n%s", quoteArgs(args), Diff("reference", "skiff", ref.String(), sk.String()))
	}
}
