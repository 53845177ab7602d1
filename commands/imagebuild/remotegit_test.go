package imagebuild

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

// gitServer serves a bare repository over git's dumb http protocol (no shallow
// fetch there, as docker finds with its HEAD probe): branches main and other, a
// tag v1 on main. Nothing leaves the machine.
func gitServer(t *testing.T) string {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git binary, as docker build of a git context does")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("TMPDIR", t.TempDir()) // where the clone goes: checked empty after
	src, srv := t.TempDir(), t.TempDir()
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.email=a@b", "-c", "user.name=n"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		assert.NilError(t, err, string(out))
	}
	tree(t, src, map[string]string{"Dockerfile": "FROM bb\n", "sub/Dockerfile": "FROM bb\nRUN x\n", "sub/a": "a\n", "top": "top\n", "toplink@": "top"})
	git(src, "init", "-q", "-b", "main")
	git(src, "add", "-A")
	git(src, "commit", "-qm", "init")
	git(src, "tag", "v1")
	git(src, "checkout", "-qb", "other")
	tree(t, src, map[string]string{"o": "o\n"})
	git(src, "add", "o")
	git(src, "commit", "-qm", "o")
	git(srv, "clone", "-q", "--bare", src, filepath.Join(srv, "repo.git"))
	git(filepath.Join(srv, "repo.git"), "update-server-info")
	hs := httptest.NewServer(http.FileServer(http.Dir(srv)))
	t.Cleanup(hs.Close)
	return hs.URL + "/repo.git"
}

func leftClones(t *testing.T) []string {
	m, err := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "docker-build-git*"))
	assert.NilError(t, err)
	return m
}

func TestGitContext(t *testing.T) {
	repo := gitServer(t)

	es, _, c := mustOpen(t, ContextOptions{Spec: repo + "#other"})
	got := names(es)
	assert.Check(t, is.Equal(c.Dockerfile, "Dockerfile"))
	// the clone's .git goes with it, as docker sends it
	assert.Check(t, slices.Contains(got, ".git/") && slices.Contains(got, ".git/HEAD") && slices.Contains(got, ".git/FETCH_HEAD"), "%q", got)
	var files []string
	for _, n := range got {
		if !strings.HasPrefix(n, ".git/") {
			files = append(files, n)
		}
	}
	assert.Check(t, is.DeepEqual(files, []string{"Dockerfile", "o", "sub/", "sub/Dockerfile", "sub/a", "top", "toplink"}))
	assert.Check(t, is.Len(leftClones(t), 0))

	// a tag (checked out through FETCH_HEAD) and a subdirectory
	es, _, c = mustOpen(t, ContextOptions{Spec: repo + "#v1:sub"})
	assert.Check(t, is.DeepEqual(names(es), []string{"Dockerfile", "a"}))
	assert.Check(t, is.Equal(es[0].Content, "FROM bb\nRUN x\n"))

	// -f is taken from the context's root, not the working directory
	_, _, c = mustOpen(t, ContextOptions{Spec: repo + "#other", Dockerfile: "sub/Dockerfile"})
	assert.Check(t, is.Equal(c.Dockerfile, "sub/Dockerfile"))

	// -f -: added under a random name as for a directory
	es, _, c = mustOpen(t, ContextOptions{Spec: repo + "#other:sub", Dockerfile: "-", Stdin: strings.NewReader("FROM bb\n")})
	assert.Check(t, is.DeepEqual(names(es), []string{"Dockerfile", "a", c.Dockerfile, ".dockerignore"}))
	assert.Check(t, is.Len(leftClones(t), 0))
}

func TestGitContextErrors(t *testing.T) {
	repo := gitServer(t)
	prefix := "unable to prepare context: unable to 'git clone' to temporary context directory: "
	tmp := regexp.QuoteMeta(os.Getenv("TMPDIR"))
	for _, tc := range []struct{ spec, dockerfile, want string }{
		// docker 28 fetches master, not the remote's HEAD
		{repo, "", "^" + regexp.QuoteMeta(prefix+"error fetching: fatal: couldn't find remote ref master\n: exit status 128") + "$"},
		{repo + "#:sub", "", "^" + regexp.QuoteMeta(prefix+"error fetching: fatal: couldn't find remote ref master\n") + ": exit status 128$"},
		{repo + "#nope", "", "^" + regexp.QuoteMeta(prefix+"error fetching: fatal: couldn't find remote ref nope\n") + ": exit status 128$"},
		// git's words depend on the server's 404 page
		{strings.TrimSuffix(repo, "repo.git") + "missing.git", "", "^" + regexp.QuoteMeta(prefix+"error fetching: ") + "(?s).*: exit status 128$"},
		{repo + "#main:nosub", "", "^" + regexp.QuoteMeta(prefix+"stat ") + tmp + "/docker-build-git[0-9]+/nosub: no such file or directory$"},
		{repo + "#other:sub", "o", "^unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " + tmp + "/docker-build-git[0-9]+/sub/o: no such file or directory$"},
	} {
		_, err := open(t, ContextOptions{Spec: tc.spec, Dockerfile: tc.dockerfile})
		assert.Check(t, err != nil && regexp.MustCompile(tc.want).MatchString(err.Error()), "%s: %v", tc.spec, err)
		// docker leaves the clone behind when the Dockerfile is missing; we do not
		assert.Check(t, is.Len(leftClones(t), 0))
	}
}
