//go:build e2e

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// buildFix is a build context of its own and the cleanup of the images built from it:
// every build is labelled with the fixture's label, so cleanup (images carrying it,
// also those a later build of the same tag left untagged) reaches only them.
type buildFix struct {
	t   *testing.T
	f   *Fix
	dir string
}

func newBuildFix(t *testing.T, dockerfile string) *buildFix {
	t.Helper()
	f := Fixture(t)
	b := &buildFix{t: t, f: f, dir: t.TempDir()}
	b.write("Dockerfile", dockerfile)
	b.write("a.txt", "hello from the context\n")
	t.Cleanup(b.removeImages)
	return b
}

func (b *buildFix) write(name, content string) {
	b.t.Helper()
	if err := os.WriteFile(filepath.Join(b.dir, name), []byte(content), 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// args is a build's command line: ARGS, the fixture's label, the context.
func (b *buildFix) args(verb []string, args ...string) []string {
	out := append(append([]string{}, verb...), args...)
	return append(out, "--label", b.f.Label(), b.dir)
}

func (b *buildFix) removeImages() {
	r, err := fixtureRun("images", "-a", "-q", "--no-trunc", "--filter", "label="+b.f.Label())
	if err != nil {
		b.t.Logf("build cleanup: %v", err)
		return
	}
	if ids := strings.Fields(r.Stdout); len(ids) > 0 {
		if r, err := fixtureRun(append([]string{"rmi", "-f"}, ids...)...); err != nil {
			b.t.Logf("build cleanup: %v: %s", err, r.Stderr)
		}
	}
}

// compareBuild runs a build with the reference, then with skiff, and compares the exit
// code, stdout and the whole of stderr (the legacy-builder notice first: the first line
// alone would say nothing), IDs normalised.
func compareBuild(t *testing.T, env []string, stdin string, args ...string) (ref, sk Result) {
	t.Helper()
	return compareBuildNorm(t, nil, env, stdin, args...)
}

// compareBuildNorm is compareBuild with norm applied to both outputs too.
func compareBuildNorm(t *testing.T, norm func(string) string, env []string, stdin string, args ...string) (ref, sk Result) {
	t.Helper()
	ref = RefIn(t, stdin, env, args...)
	sk = SkiffIn(t, stdin, env, args...)
	var msg strings.Builder
	if ref.Code != sk.Code {
		fmt.Fprintf(&msg, "exit code: reference %d, skiff %d\n", ref.Code, sk.Code)
	}
	h := homesOf(t)
	n := func(s, home string) string {
		s = Normalize(strings.ReplaceAll(s, home, "<HOME>"))
		if norm != nil {
			s = norm(s)
		}
		return s
	}
	if a, b := n(ref.Stdout, h.ref), n(sk.Stdout, h.skiff); a != b {
		fmt.Fprintf(&msg, "stdout differs (normalised):\n%s", Diff("reference", "skiff", a, b))
	}
	if a, b := n(ref.Stderr, h.ref), n(sk.Stderr, h.skiff); a != b {
		fmt.Fprintf(&msg, "stderr differs (normalised):\n%s", Diff("reference", "skiff", a, b))
	}
	if msg.Len() > 0 {
		t.Errorf("docker %s: skiff differs from the reference:\n%s", quoteArgs(args), msg.String())
	}
	return ref, sk
}

const buildDockerfile = `FROM bb:latest
ARG A
ARG FROMENV
ARG UNSET=dflt
ENV X=$A
COPY a.txt /a.txt
RUN cat /a.txt && echo "A=$X FROMENV=$FROMENV UNSET=$UNSET"
WORKDIR /w
LABEL x=y
`

// A build through every step kind, with the build's output compared line by line
// (--no-cache: both clients run every step), then the image as built.
func TestBuild(t *testing.T) {
	t.Parallel()
	b := newBuildFix(t, buildDockerfile)
	tag := b.f.Name()
	env := []string{"FROMENV=from-env"}
	args := b.args([]string{"build"}, "--no-cache", "-t", tag+":1", "-t", tag+":2", "--build-arg", "A=1",
		"--build-arg", "FROMENV", "--build-arg", "UNSET")
	ref, sk := compareBuild(t, env, "", args...)
	if sk.Code != 0 || !strings.Contains(sk.Stdout, "A=1 FROMENV=from-env UNSET=dflt\n") ||
		!strings.Contains(sk.Stdout, "Successfully tagged "+tag+":2\n") {
		t.Fatalf("skiff's build:\n%s", sk)
	}
	if !strings.HasPrefix(ref.Stdout, "Sending build context to Docker daemon ") {
		t.Errorf("reference's output: %q", ref.Stdout)
	}
	r := Skiff(t, "image", "inspect", "-f", "{{.Config.Labels.x}} {{.Config.WorkingDir}} {{index .Config.Env 1}}", tag+":1")
	if got := strings.TrimSpace(r.Stdout); got != "y /w X=1" {
		t.Errorf("image built: %q\n%s", got, r)
	}
	// the same build again: every step from the cache, the same output from both
	compareBuild(t, env, "", b.args([]string{"image", "build"}, "-t", tag+":1", "--build-arg", "A=1",
		"--build-arg", "FROMENV", "--build-arg", "UNSET")...)
}

// -q prints the image ID alone; --iidfile gets the ID (no newline) of the image tagged.
func TestBuildQuietIIDFile(t *testing.T) {
	t.Parallel()
	b := newBuildFix(t, "FROM bb:latest\nRUN echo quiet\n")
	tag := b.f.Name()
	ref, sk := compareBuild(t, nil, "", b.args([]string{"build"}, "-q", "--no-cache", "-t", tag)...)
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}\n$`).MatchString(sk.Stdout) {
		t.Errorf("skiff -q: %q (reference %q)", sk.Stdout, ref.Stdout)
	}
	iid := filepath.Join(t.TempDir(), "iid")
	r := Skiff(t, b.args([]string{"builder", "build"}, "-t", tag, "--iidfile", iid)...)
	got, err := os.ReadFile(iid)
	if r.Code != 0 || err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	want := strings.TrimSpace(Skiff(t, "image", "inspect", "-f", "{{.Id}}", tag).Stdout)
	if string(got) != want {
		t.Errorf("--iidfile holds %q, the image is %q", got, want)
	}
	// a failed build leaves no iidfile, not even an earlier one
	b.write("Dockerfile", "FROM bb:latest\nRUN false\n")
	r = Skiff(t, b.args([]string{"build"}, "--force-rm", "--iidfile", iid)...)
	if _, err := os.Stat(iid); r.Code != 1 || !os.IsNotExist(err) {
		t.Errorf("failed build: iidfile %v\n%s", err, r)
	}
}

// Builds that fail, in the engine or before: exit code and output as the reference's.
// Failing RUN steps come right after FROM and use --force-rm: nothing is left behind.
func TestBuildErrors(t *testing.T) {
	t.Parallel()
	// stderr only: the engine's order of a step's stdout and stderr lines varies
	b := newBuildFix(t, "FROM bb:latest\nRUN echo err >&2; exit 3\n")
	ref, _ := compareBuild(t, nil, "", b.args([]string{"build"}, "--force-rm")...)
	if ref.Code != 3 {
		t.Errorf("reference: %s", ref)
	}
	compareBuild(t, nil, "", b.args([]string{"build"}, "-q", "--force-rm")...)

	b.write("Dockerfile", "FROM bb:latest\nFOO bar\n")
	compareBuild(t, nil, "", b.args([]string{"build"})...)
	compareBuild(t, nil, "", b.args([]string{"build"}, "-q")...)
	b.write("Dockerfile", "FROM bb:latest\nCOPY nothere /x\n")
	compareBuild(t, nil, "", b.args([]string{"build"})...)
	compareBuild(t, nil, "", b.args([]string{"build"}, "--target", "nosuchstage")...)

	for _, args := range [][]string{
		{"build"},
		{"build", "a", "b"},
		{"image", "build"},
		{"builder", "build"},
		{"build", "--bogus", "."},
		{"build", "-t", "Bad:x", "."},
		{"build", "-t", "a:b:c", "."},
		{"build", "-m", "1x", "."},
		{"build", "--ulimit", "nofile", "."},
		{"build", "--add-host", "foo:bar", "."},
		{"build", "--squash", "."},
	} {
		compareBuild(t, nil, "", args...)
	}
	for _, env := range []string{"DOCKER_BUILDKIT=0", "DOCKER_BUILDKIT=1", "DOCKER_BUILDKIT=maybe"} {
		compareBuild(t, []string{env}, "", "build")
		compareBuild(t, []string{env}, "", "build", "--bogus", ".")
	}
}

// The request, compared with the reference's against a fake engine that records it:
// every flag's query parameter and X-Registry-Config with the credentials of
// config.json (never printed: compared as recorded). The stream it answers is a real
// engine's.
func TestBuildRequest(t *testing.T) {
	t.Parallel()
	const stream = `{"stream":"Step 1/1 : FROM bb:latest"}
{"stream":"\n"}
{"stream":" ---\u003e 3a4d470390c5\n"}
{"aux":{"ID":"sha256:3a4d470390c5d5c9e1a8f6a6c1a1f6e7b0e8d6c1a3b7f2e9d4c5b6a7f8e9d0c1"}}
{"stream":"Successfully built 3a4d470390c5\n"}
`
	var mu sync.Mutex
	var reqs []string
	host := fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.41")
		w.Header().Set("Ostype", "linux")
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			io.WriteString(w, "OK")
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/build"):
			n, _ := io.Copy(io.Discard, r.Body)
			mu.Lock()
			reqs = append(reqs, fmt.Sprintf("%s %s\nbody %d bytes\nContent-Type: %s\nX-Registry-Config: %s",
				r.Method, r.URL.RequestURI(), n, r.Header.Get("Content-Type"), r.Header.Get("X-Registry-Config")))
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, stream)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message":"page not found"}`)
		}
	})
	last := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(reqs) == 0 {
			return "(no request)"
		}
		r := reqs[len(reqs)-1]
		reqs = nil
		return r
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM bb:latest\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := homesOf(t)
	// made-up credentials, the same in both clients' config.json
	cfg := `{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpzZWNyZXQ="},"127.0.0.1:5000":{"auth":"dTI6cDI="},` +
		`"reg.example:443":{"auth":"dTM6cDM=","identitytoken":"tok"}}}`
	for _, home := range []string{h.ref, h.skiff} {
		if err := os.MkdirAll(filepath.Join(home, ".docker"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, ".docker", "config.json"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"DOCKER_HOST=" + host, "FOO=fooval"}
	for _, args := range [][]string{
		{},
		{"-q"},
		{"-t", "a:1", "-t", "b", "-t", "localhost:5000/x/y:v", "--build-arg", "K=V", "--build-arg", "FOO", "--build-arg", "UNSETV",
			"--build-arg", "E=", "--target", "st", "--label", "l1=v1", "--label", "l2", "--label", "l1=v2", "--no-cache", "--pull",
			"--network", "host", "--add-host", "h1:1.2.3.4", "--add-host", "h2=::1", "--add-host", "h3:[::2]", "--force-rm",
			"--platform", "linux/amd64", "--cache-from", "c1", "--cache-from", "c2,c3", "--shm-size", "64m",
			"--ulimit", "nproc=10", "--ulimit", "nofile=1024:2048", "--isolation", "default", "--cpuset-cpus", "0-1",
			"--cpuset-mems", "0", "-c", "5", "--cpu-period", "100000", "--cpu-quota", "50000", "-m", "100m",
			"--memory-swap", "200m", "--security-opt", "seccomp=unconfined", "--security-opt", "a,b", "--cgroup-parent", "cg"},
		{"--rm=false", "--memory-swap", "-1", "--isolation", "hyperv", "--network", "default"},
		{"--compress"},
	} {
		full := append(append([]string{"build"}, args...), dir)
		ref := RefIn(t, "", env, full...)
		refReq := last()
		sk := SkiffIn(t, "", env, full...)
		skReq := last()
		if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
			if !(slicesHas(args, "--compress") && ref.Code == 0 && sk.Code == 0) { // compressed sizes may differ
				t.Errorf("docker %s: output differs:\n--- reference\n%s\n--- skiff\n%s", quoteArgs(full), ref, sk)
			}
		}
		if slicesHas(args, "--compress") {
			// the compressed context's size is the compressor's business
			refReq = regexp.MustCompile(`body \d+ bytes`).ReplaceAllString(refReq, "body N bytes")
			skReq = regexp.MustCompile(`body \d+ bytes`).ReplaceAllString(skReq, "body N bytes")
		}
		if refReq != skReq {
			t.Errorf("docker %s: request differs:\n%s", quoteArgs(full), Diff("reference", "skiff", refReq, skReq))
		}
	}
}

func slicesHas(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
