//go:build e2e

package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The build contexts other than a plain directory, each built by both clients on the
// real engine and compared (exit code, stdout, stderr, IDs normalised): what reached
// the engine shows in the image, listed by the build's own RUN step.
const lsDockerfile = "FROM bb:latest\nCOPY . /ctx\nRUN find /ctx | sort\n"

func TestBuildContextDockerignore(t *testing.T) {
	t.Parallel()
	b := newBuildFix(t, lsDockerfile)
	b.write(".dockerignore", "a.txt\nsub\n!sub/keep\n# a comment\n*.log\n")
	b.write("x.log", "no\n")
	b.write("b.txt", "yes\n")
	if err := os.MkdirAll(filepath.Join(b.dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	b.write("sub/keep", "kept\n")
	b.write("sub/drop", "dropped\n")
	_, sk := compareBuild(t, nil, "", b.args([]string{"build"}, "--no-cache")...)
	for _, want := range []string{"/ctx/b.txt\n", "/ctx/sub/keep\n", "/ctx/Dockerfile\n", "/ctx/.dockerignore\n"} {
		if !strings.Contains(sk.Stdout, want) {
			t.Errorf("skiff's build lacks %q:\n%s", want, sk.Stdout)
		}
	}
	for _, no := range []string{"/ctx/a.txt", "/ctx/x.log", "/ctx/sub/drop"} {
		if strings.Contains(sk.Stdout, no) {
			t.Errorf("skiff's build sent %q:\n%s", no, sk.Stdout)
		}
	}
	// a pattern docker cannot read: its error, exit 1, nothing built
	bad := newBuildFix(t, lsDockerfile)
	bad.write(".dockerignore", "[\n")
	if _, sk := compareBuild(t, nil, "", bad.args([]string{"build"})...); sk.Code != 1 {
		t.Errorf("bad .dockerignore: skiff exit %d", sk.Code)
	}
}

// -f - (the Dockerfile on stdin, the context a directory), - (a Dockerfile alone on
// stdin), - with a tar, and -f pointing outside the context.
func TestBuildContextStdin(t *testing.T) {
	t.Parallel()
	b := newBuildFix(t, "FROM bb:latest\nRUN false\n")
	// docker adds the Dockerfile and its .dockerignore entry in a random order: the
	// context's size varies by a few bytes from run to run
	sending := regexp.MustCompile(`Sending build context to Docker daemon +[0-9.]+kB`)
	compareBuildNorm(t, func(s string) string { return sending.ReplaceAllString(s, "Sending build context <SIZE>") },
		nil, lsDockerfile, b.args([]string{"build"}, "--no-cache", "-f", "-")...)

	f := Fixture(t)
	lone := "FROM bb:latest\nRUN echo lone dockerfile\n"
	_, sk := compareBuild(t, nil, lone, "build", "--no-cache", "--label", f.Label(), "-")
	if !strings.Contains(sk.Stdout, "lone dockerfile\n") {
		t.Errorf("skiff, Dockerfile on stdin:\n%s", sk)
	}
	t.Cleanup((&buildFix{t: t, f: f}).removeImages)

	var tb bytes.Buffer
	zw := gzip.NewWriter(&tb)
	tw := tar.NewWriter(zw)
	for name, body := range map[string]string{"Dockerfile": lsDockerfile, "in/tar.txt": "from a tar\n"} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	_, sk = compareBuild(t, nil, tb.String(), "build", "--no-cache", "--label", f.Label(), "-")
	if !strings.Contains(sk.Stdout, "/ctx/in/tar.txt\n") {
		t.Errorf("skiff, gzipped tar on stdin:\n%s", sk)
	}

	outside := filepath.Join(t.TempDir(), "Dockerfile.out")
	if err := os.WriteFile(outside, []byte(lsDockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	// outside the context, the Dockerfile is added under a random name too
	compareBuildNorm(t, func(s string) string { return sending.ReplaceAllString(s, "Sending build context <SIZE>") },
		nil, "", b.args([]string{"build"}, "--no-cache", "-f", outside)...)
	// both from stdin: refused before anything is read
	compareBuild(t, nil, lone, "build", "-f", "-", "-")
}

// A tarball URL and a git repository over (dumb) http, served by the test: each client
// downloads or clones the context itself.
func TestBuildContextRemote(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	t.Cleanup((&buildFix{t: t, f: f}).removeImages)

	repo := filepath.Join(t.TempDir(), "ctx.git")
	work := t.TempDir()
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@t", "GIT_CONFIG_NOSYSTEM=1", "HOME="+work)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	os.WriteFile(filepath.Join(work, "Dockerfile"), []byte(lsDockerfile), 0o644)
	os.MkdirAll(filepath.Join(work, "sub"), 0o755)
	os.WriteFile(filepath.Join(work, "sub", "Dockerfile"), []byte("FROM bb:latest\nRUN echo from sub\n"), 0o644)
	git(work, "init", "-q", "-b", "master")
	git(work, "add", ".")
	git(work, "commit", "-q", "-m", "ctx")
	git(work, "clone", "-q", "--bare", work, repo)
	git(repo, "update-server-info")

	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	body := lsDockerfile
	tw.WriteHeader(&tar.Header{Name: "Dockerfile", Mode: 0o644, Size: int64(len(body))})
	tw.Write([]byte(body))
	tw.Close()
	mux := http.NewServeMux()
	mux.Handle("/git/", http.StripPrefix("/git/", http.FileServer(http.Dir(filepath.Dir(repo)))))
	mux.HandleFunc("/ctx.tar", func(w http.ResponseWriter, r *http.Request) { w.Write(tb.Bytes()) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	_, sk := compareBuild(t, nil, "", "build", "--no-cache", "--label", f.Label(), srv.URL+"/ctx.tar")
	if sk.Code != 0 || !strings.Contains(sk.Stdout, "/ctx/Dockerfile\n") {
		t.Errorf("skiff, tarball URL:\n%s", sk)
	}
	_, sk = compareBuild(t, nil, "", "build", "--no-cache", "--label", f.Label(), srv.URL+"/git/ctx.git#master:sub")
	if sk.Code != 0 || !strings.Contains(sk.Stdout, "from sub\n") {
		t.Errorf("skiff, git URL:\n%s", sk)
	}
	// a URL that answers 404, a repository that does not exist: docker's errors, exit 1
	compareBuild(t, nil, "", "build", srv.URL+"/nothing.tar")
	compareBuild(t, nil, "", "build", srv.URL+"/git/nothing.git")
}
