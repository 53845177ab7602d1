package imagebuild

import (
	"bytes"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerignore is what the context's .dockerignore says.
type dockerignore struct {
	// found: the file exists; content is it as read (a Dockerfile added under a
	// random name is appended to it in the tar, as docker does).
	found   bool
	content []byte
	// pm is nil when nothing is excluded.
	pm *patternmatcher.PatternMatcher
}

// readDockerignore reads root/.dockerignore. The classic builder reads only this
// one: docker 28 does not look for <Dockerfile>.dockerignore here (BuildKit does).
// keep are the context-relative names sent even when a pattern excludes them (the
// Dockerfile and .dockerignore itself).
func readDockerignore(root string, keep ...string) (*dockerignore, error) {
	di := &dockerignore{}
	content, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return di, nil
	case err != nil:
		// docker prints the open error bare: "open /ctx/.dockerignore: permission denied"
		return nil, err
	}
	di.found, di.content = true, content
	patterns, err := ignorefile.ReadAll(bytes.NewReader(content))
	if err != nil {
		return nil, err
	}
	pm, err := newMatcher(patterns, keep...)
	if err != nil {
		return nil, checkError{err}
	}
	di.pm = pm
	return di, nil
}

// newMatcher compiles patterns, adding an exception for each name in keep that
// they exclude; nil when there is no pattern.
func newMatcher(patterns []string, keep ...string) (*patternmatcher.PatternMatcher, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, err
	}
	var extra []string
	for _, k := range keep {
		if k == "" {
			continue
		}
		excluded, err := pm.MatchesOrParentMatches(k)
		if err != nil {
			return nil, err
		}
		if excluded {
			extra = append(extra, "!"+k)
		}
	}
	if len(extra) == 0 {
		return pm, nil
	}
	return patternmatcher.New(append(append([]string(nil), patterns...), extra...))
}

// excluded says whether the slash-separated name is left out of the context.
func excluded(pm *patternmatcher.PatternMatcher, name string) (bool, error) {
	if pm == nil {
		return false, nil
	}
	return pm.MatchesOrParentMatches(filepath.FromSlash(name))
}

// mayReinclude says whether an exception ("!pattern") could bring back something
// under the excluded directory dir, so that it must be walked rather than skipped.
// It errs on the side of walking: skipping is only a saving.
func mayReinclude(pm *patternmatcher.PatternMatcher, dir string) bool {
	if !pm.Exclusions() {
		return false
	}
	dirParts := strings.Split(dir, "/")
	for _, p := range pm.Patterns() {
		if !p.Exclusion() {
			continue
		}
		if exceptionReaches(filepath.ToSlash(p.String()), dirParts) {
			return true
		}
	}
	return false
}

func exceptionReaches(pattern string, dirParts []string) bool {
	parts := strings.Split(pattern, "/")
	for i, d := range dirParts {
		if i >= len(parts) {
			// the exception names an ancestor of dir: walk, to be safe
			return true
		}
		p := parts[i]
		if strings.Contains(p, "**") {
			return true
		}
		if !strings.ContainsAny(p, `*?[\`) {
			if p != d {
				return false
			}
			continue
		}
		ok, err := path.Match(p, d)
		if err != nil {
			return true
		}
		if !ok {
			return false
		}
	}
	return true
}

// checkError is a failure of docker's look through the context before sending it.
type checkError struct{ err error }

func (e checkError) Error() string { return "error checking context: " + e.err.Error() }
func (e checkError) Unwrap() error { return e.err }
