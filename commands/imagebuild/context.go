// Package imagebuild builds images through the engine's classic builder (POST /build)
// for docker build, docker image build and docker builder build: the build context
// (context*.go, dockerignore.go, remote*.go, contexttar*.go) and the command around
// it (build.go).
package imagebuild

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
)

// ContextOptions say where the build context comes from.
type ContextOptions struct {
	// Spec is the PATH | URL | - argument of docker build.
	Spec string
	// Dockerfile is the -f value: "" for the default, "-" for stdin.
	Dockerfile string
	// Stdin is read when Spec or Dockerfile is "-".
	Stdin io.Reader
	// Progress receives what docker prints while fetching a remote context (the
	// "Downloading build context from remote url: URL [==>  ] 1kB/2kB\r" lines, on
	// docker's stdout). nil prints nothing (docker build -q).
	Progress io.Writer
	// Warnings receives the lines docker logs (on its stderr) about files it leaves
	// out of the tar as it sends it, e.g. a unix socket:
	//   time="..." level=error msg="Can't add file /ctx/sock to tar: archive/tar: sockets not supported"
	// They are written by the goroutine producing Body, while Body is read. nil drops them.
	Warnings io.Writer
}

// Context is a build context on its way to the engine.
type Context struct {
	// Body is the context as a tar stream (compressed as given for an archive from
	// stdin or a URL), produced as it is read: never whole in memory or on disk.
	// Close it when done (also after an error): it stops the producer and removes a
	// git clone's temporary directory.
	Body io.ReadCloser
	// Dockerfile is the name the engine is told (dockerfile=), relative to the
	// context's root; "" (an archive from stdin or a URL without -f): send no
	// dockerfile= at all, as docker does, and the engine uses its default.
	Dockerfile string
	// Streamed is true when Body relays a remote archive as it downloads (docker 28
	// shows that download's progress instead, and prints no "Sending build context
	// to Docker daemon" line). It is false when the download was whole before the
	// upload starts (a Dockerfile, or an archive smaller than docker's first read):
	// then docker prints both.
	Streamed bool
}

// OpenContext prepares the context of a build: it checks what docker checks before
// it sends anything, then returns the tar, produced as Body is read. Errors are
// worded as docker 28 words them; they are plain errors (exit status 1, as docker's).
func OpenContext(ctx context.Context, opts ContextOptions) (*Context, error) {
	spec := opts.Spec
	if spec == "-" {
		if opts.Dockerfile == "-" {
			return nil, errors.New("invalid argument: can't use stdin for both build context and dockerfile")
		}
		return openStdinContext(opts)
	}
	// An existing directory wins over the URL forms: "github.com/x/y" or "app.git"
	// on disk is a local context for docker too.
	if _, err := os.Stat(spec); err != nil {
		switch {
		case isGitURL(spec):
			return openGitContext(ctx, opts)
		case isHTTPURL(spec):
			return openURLContext(ctx, opts)
		}
	}
	return openDirContext(ctx, opts, spec, "")
}

// prepareError words a failure to get the context together as docker does.
type prepareError struct{ err error }

func (e prepareError) Error() string { return "unable to prepare context: " + e.err.Error() }
func (e prepareError) Unwrap() error { return e.err }

// randomDockerfileName is the name docker gives a Dockerfile it adds to the
// context (from stdin, or from outside the context's directory).
func randomDockerfileName() string {
	var b [10]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail (Go 1.24)
	return ".dockerfile." + hex.EncodeToString(b[:])
}

// readStdinDockerfile reads the -f - Dockerfile whole: it is small and must be in the
// tar with its size before the producer starts.
func readStdinDockerfile(opts ContextOptions) ([]byte, error) {
	if opts.Stdin == nil {
		return nil, nil
	}
	return io.ReadAll(opts.Stdin)
}

func isHTTPURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
