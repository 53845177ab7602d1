package imagebuild

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// isGitURL is docker's test for a git context: git://, git@ and github.com/
// prefixes, or an http(s) URL ending in .git, with an optional #fragment.
func isGitURL(s string) bool {
	for _, p := range []string{"git://", "git@", "github.com/"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if !isHTTPURL(s) {
		return false
	}
	if strings.HasSuffix(s, ".git") {
		return true
	}
	i := strings.Index(s, ".git#")
	return i >= 0 && i+len(".git#") < len(s)
}

// gitRef splits URL#ref:subdir; the ref defaults to master, as docker 28's does
// (not the remote's HEAD).
func gitRef(s string) (remote, ref, subdir string) {
	remote, frag, _ := strings.Cut(s, "#")
	ref, subdir, _ = strings.Cut(frag, ":")
	if ref == "" {
		ref = "master"
	}
	if strings.HasPrefix(remote, "github.com/") {
		remote = "https://" + remote
	}
	return remote, ref, subdir
}

// openGitContext clones the repository with the git binary, as docker does, into a
// temporary directory that is tarred like a local one (.git included) and removed
// once the tar is done.
func openGitContext(ctx context.Context, opts ContextOptions) (*Context, error) {
	remote, ref, subdir := gitRef(opts.Spec)
	fail := func(err error) error {
		return prepareError{fmt.Errorf("unable to 'git clone' to temporary context directory: %w", err)}
	}
	dir, err := os.MkdirTemp("", "docker-build-git")
	if err != nil {
		return nil, fail(err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	if err := gitFetch(ctx, dir, remote, ref); err != nil {
		cleanup()
		return nil, fail(err)
	}
	root := dir
	if subdir != "" {
		root = filepath.Join(dir, subdir)
		if _, err := os.Stat(root); err != nil {
			cleanup()
			return nil, fail(err)
		}
	}
	return openDirContext(ctx, opts, root, root, cleanup)
}

// gitFetch runs docker's sequence in dir: init, remote add, fetch (shallow where the
// transport allows), checkout (of FETCH_HEAD when the ref is not a branch),
// submodules. Remote URLs may not reach file://
// repositories (protocol.file.allow=never, GIT_PROTOCOL_FROM_USER=0), as docker
// sets them.
func gitFetch(ctx context.Context, dir, remote, ref string) error {
	git := func(guarded bool, args ...string) ([]byte, error) {
		if guarded {
			args = append([]string{"-c", "protocol.file.allow=never"}, args...)
		}
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		cmd.Env = os.Environ()
		if guarded {
			cmd.Env = append(cmd.Env, "GIT_PROTOCOL_FROM_USER=0")
		}
		return cmd.CombinedOutput()
	}
	if out, err := git(true, "init"); err != nil {
		return fmt.Errorf("failed to init repo at %s: %s: %v", dir, out, err)
	}
	if out, err := git(true, "remote", "add", "origin", remote); err != nil {
		return fmt.Errorf("failed add origin repo at %s: %s: %v", remote, out, err)
	}
	fetch := []string{"fetch"}
	if supportsShallow(ctx, remote) {
		fetch = append(fetch, "--depth", "1")
	}
	fetch = append(fetch, "origin", "--", ref)
	if out, err := git(true, fetch...); err != nil {
		return fmt.Errorf("error fetching: %s: %v", out, err)
	}
	// A tag fetched by name has no local ref: docker then checks out FETCH_HEAD.
	if _, err := git(true, "checkout", ref); err != nil {
		if out, err := git(true, "checkout", "FETCH_HEAD"); err != nil {
			return fmt.Errorf("error checking out %s: %s: %v", ref, out, err)
		}
	}
	if out, err := git(false, "submodule", "update", "--init", "--recursive", "--depth=1"); err != nil {
		return fmt.Errorf("error initializing submodules: %s: %v", out, err)
	}
	return nil
}

// supportsShallow: git:// and ssh remotes do; an http(s) one only when it speaks
// git's smart protocol, which docker asks with a HEAD request before fetching.
func supportsShallow(ctx context.Context, remote string) bool {
	if !isHTTPURL(remote) {
		return true
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, strings.TrimSuffix(remote, "/")+"/info/refs?service=git-upload-pack", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode < 300 && resp.Header.Get("Content-Type") == "application/x-git-upload-pack-advertisement"
}
