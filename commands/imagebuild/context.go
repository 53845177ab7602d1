// Package imagebuild builds images through the engine's classic builder (POST /build)
// for docker build, docker image build and docker builder build: the build context
// (context.go and its neighbours) and the command around it (build.go).
package imagebuild

import (
	"archive/tar"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ContextOptions say where the build context comes from.
type ContextOptions struct {
	// Spec is the PATH | URL | - argument of docker build.
	Spec string
	// Dockerfile is the -f value: "" for the default, "-" for stdin.
	Dockerfile string
	// Stdin is read when Spec or Dockerfile is "-".
	Stdin io.Reader
	// Progress receives what docker prints while fetching a remote context.
	Progress io.Writer
}

// Context is a build context on its way to the engine.
type Context struct {
	// Body is the context as a tar stream, produced as it is read: never whole in
	// memory or on disk. Close it to stop the producer.
	Body io.ReadCloser
	// Dockerfile is the name the engine is told (dockerfile=), relative to the
	// context's root; "" lets the engine use its default.
	Dockerfile string
}

// OpenContext prepares the context of a build. Errors are worded as docker words them.
//
// This first version tars a local directory as it stands; .dockerignore, stdin,
// remote contexts and docker's checks are being added around the same signature.
func OpenContext(ctx context.Context, opts ContextOptions) (*Context, error) {
	root := opts.Spec
	if _, err := os.Stat(root); err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeTar(pw, root))
	}()
	return &Context{Body: pr, Dockerfile: opts.Dockerfile}, nil
}

func writeTar(w io.Writer, root string) error {
	tw := tar.NewWriter(w)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == "." {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(path); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if d.IsDir() {
			hdr.Name += "/"
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Close()
}
