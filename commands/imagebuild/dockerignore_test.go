package imagebuild

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

// dockerTree4 is t4 of the report: a Dockerfile at the root and another in build/
// with its own build/app.Dockerfile.dockerignore, which the classic builder of
// docker 28 does not read.
func dockerTree4(t *testing.T, ignore string) string {
	dir := t.TempDir()
	files := map[string]string{
		"Dockerfile":                        "FROM bb\n",
		"build/app.Dockerfile":              "FROM bb\n",
		"build/app.Dockerfile.dockerignore": "*\n!src/a/b/keep\n# comment\n  other/x  \n",
		"src/a/b/keep":                      "k\n",
		"src/a/b/no":                        "n\n",
		"other/x":                           "x\n",
		"other/y":                           "y\n",
	}
	if ignore != "" {
		files[".dockerignore"] = ignore
	}
	tree(t, dir, files)
	return dir
}

func TestDockerignoreAsDocker(t *testing.T) {
	all := []string{"Dockerfile", "build/", "build/app.Dockerfile", "build/app.Dockerfile.dockerignore", "other/", "other/x", "other/y", "src/", "src/a/", "src/a/b/", "src/a/b/keep", "src/a/b/no"}
	withIgnore := append([]string{".dockerignore"}, all...)
	for _, tc := range []struct {
		name, ignore, dockerfile string
		want                     []string
	}{
		// the Dockerfile and .dockerignore are sent even when excluded
		{"star", "*\n", "", []string{".dockerignore", "Dockerfile"}},
		{"star, -f in a subdirectory", "*\n", "build/app.Dockerfile", []string{".dockerignore", "build/app.Dockerfile"}},
		// an exception deep in an excluded directory: walked, parents not sent
		{"exception", "src\n!src/a/b/keep\n", "", []string{".dockerignore", "Dockerfile", "build/", "build/app.Dockerfile", "build/app.Dockerfile.dockerignore", "other/", "other/x", "other/y", "src/a/b/keep"}},
		{"slash alone", "/\n", "", withIgnore},
		{"parent path", "../other\n", "", withIgnore},
		// <Dockerfile>.dockerignore is BuildKit's: the classic builder ignores it
		{"no .dockerignore, -f with its own ignore file", "", "build/app.Dockerfile", all},
		{"comments, blanks, leading slash", "# other\n\n  /other/x  \n", "", slices.DeleteFunc(slices.Clone(withIgnore), func(s string) bool { return s == "other/x" })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := dockerTree4(t, tc.ignore)
			df := tc.dockerfile
			if df != "" {
				df = filepath.Join(dir, df)
			}
			es, _, _ := mustOpen(t, ContextOptions{Spec: dir, Dockerfile: df})
			assert.Check(t, is.DeepEqual(names(es), tc.want))
		})
	}
}

func TestDockerignoreErrors(t *testing.T) {
	for _, tc := range []struct{ ignore, want string }{
		{"[\n", "error checking context: syntax error in pattern"},
		{"a/[\n", "error checking context: syntax error in pattern"},
		{"a\\\n", "error checking context: syntax error in pattern"},
		{"!\n", `error checking context: illegal exclusion pattern: "!"`},
	} {
		t.Run(tc.ignore, func(t *testing.T) {
			dir := dockerTree4(t, tc.ignore)
			_, err := open(t, ContextOptions{Spec: dir})
			assert.Error(t, err, tc.want)
		})
	}
}

func TestExceptionReaches(t *testing.T) {
	for _, tc := range []struct {
		pattern, dir string
		want         bool
	}{
		{"src/a/b/keep", "src", true},
		{"src/a/b/keep", "src/a", true},
		{"src/a/b/keep", "other", false},
		{"src/*/b", "src/x", true},
		{"src/*/b", "src/x/c", false},
		{"**/keep", "anything/deep", true},
		{"src", "src/a/b", true}, // an ancestor: walked to be safe
		{"s[", "sx", true},       // bad pattern: walked to be safe
	} {
		assert.Check(t, is.Equal(exceptionReaches(tc.pattern, strings.Split(tc.dir, "/")), tc.want), "%s under %s", tc.pattern, tc.dir)
	}
}

// FuzzDockerignore runs any .dockerignore over a fixed tree: no panic; an error
// only of docker's kinds; otherwise the Dockerfile and .dockerignore are always
// sent, nothing twice, and exactly what patternmatcher includes is sent (the walk's
// skipping of excluded directories loses nothing).
func FuzzDockerignore(f *testing.F) {
	for _, s := range []string{"*\n", "src\n!src/a/b/keep\n", "/\n", "../x\n", "[\n", "!\n", "**/no\n!**/b\n", "# c\n other \n", "*/*/\n!*/a\n", "\xef\xbb\xbfDockerfile\n", "src/a\n!src/a/b\nsrc/a/b/no\n"} {
		f.Add(s)
	}
	dir := f.TempDir()
	tree(f, dir, map[string]string{
		"Dockerfile": "FROM bb\n", "src/a/b/keep": "k", "src/a/b/no": "n", "src/c": "c",
		"other/x": "x", "other/.hidden": "h", "empty/": "", "link@": "src/c", "a b/c d": "s",
	})
	f.Fuzz(func(t *testing.T, ignore string) {
		assert.NilError(t, os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte(ignore), 0o644))
		c, err := open(t, ContextOptions{Spec: dir})
		if err != nil {
			var ce checkError
			assert.Check(t, errors.As(err, &ce) || strings.Contains(err.Error(), "token too long"), "%v", err)
			return
		}
		es, _ := readEntries(t, c.Body)
		got := names(es)
		assert.Check(t, slices.Contains(got, "Dockerfile") && slices.Contains(got, ".dockerignore"), "%q", got)
		seen := map[string]bool{}
		for _, n := range got {
			assert.Check(t, !seen[n], "%s twice", n)
			seen[n] = true
		}
		patterns, err := ignorefile.ReadAll(strings.NewReader(ignore))
		assert.NilError(t, err)
		want := []string{}
		err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			assert.NilError(t, err)
			rel, _ := filepath.Rel(dir, p)
			if rel == "." {
				return nil
			}
			skip, err := patternmatcher.MatchesOrParentMatches(rel, patterns)
			assert.NilError(t, err)
			if !skip || rel == "Dockerfile" || rel == ".dockerignore" {
				if info.IsDir() {
					rel += "/"
				}
				want = append(want, rel)
			}
			return nil
		})
		assert.NilError(t, err)
		assert.Check(t, is.DeepEqual(got, want))
	})
}
