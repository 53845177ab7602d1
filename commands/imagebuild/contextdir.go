package imagebuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// openDirContext prepares a directory as the context. spec is the directory as the
// user gave it; base, when set (a git clone), is what a relative -f is taken from
// instead of the working directory, and cleanup runs once the tar is done.
func openDirContext(ctx context.Context, opts ContextOptions, spec, base string, cleanup ...func()) (c *Context, err error) {
	defer func() {
		if err != nil {
			for _, f := range cleanup {
				f()
			}
		}
	}()
	root, err := filepath.Abs(spec)
	if err != nil {
		return nil, prepareError{err}
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, prepareError{fmt.Errorf("path %q not found", spec)}
	}
	if !fi.IsDir() {
		return nil, prepareError{fmt.Errorf("context must be a directory: %s", root)}
	}

	t := &dirTar{root: root, warn: opts.Warnings, now: time.Now}
	dockerfile := ""
	if opts.Dockerfile == "-" {
		content, err := readStdinDockerfile(opts)
		if err != nil {
			return nil, err
		}
		t.added = &addedFile{name: randomDockerfileName(), content: content}
		dockerfile = t.added.name
	} else {
		rel, outside, err := locateDockerfile(root, base, opts.Dockerfile)
		if err != nil {
			return nil, err
		}
		if outside != "" {
			content, err := os.ReadFile(outside)
			if err != nil {
				return nil, prepareError{err}
			}
			t.added = &addedFile{name: randomDockerfileName(), content: content}
			dockerfile = t.added.name
		} else {
			dockerfile = rel
		}
	}

	keep := ""
	if t.added == nil {
		keep = dockerfile
	}
	di, err := readDockerignore(root, keep, ".dockerignore")
	if err != nil {
		return nil, err
	}
	t.pm, t.ignore, t.ignoreFound = di.pm, di.content, di.found
	if err := checkDir(root, t); err != nil {
		return nil, err
	}

	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := t.writeTo(ctx, pw)
		pw.CloseWithError(err)
		for _, f := range cleanup {
			f()
		}
	}()
	return &Context{Body: &producedBody{PipeReader: pr, done: done}, Dockerfile: dockerfile}, nil
}

// producedBody stops its producer on Close and waits for it (so that a git clone's
// directory is gone when Close returns).
type producedBody struct {
	*io.PipeReader
	done chan struct{}
}

func (b *producedBody) Close() error {
	err := b.PipeReader.Close()
	<-b.done
	return err
}

// locateDockerfile finds the Dockerfile as docker does: -f relative to the working
// directory (to base for a git clone), default root/Dockerfile, then
// root/dockerfile; symlinks resolved. It returns the name relative to the
// context, or, for a file outside it, its resolved path.
func locateDockerfile(root, base, flag string) (rel, outside string, err error) {
	var p string
	switch {
	case flag == "":
		p = filepath.Join(root, "Dockerfile")
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Lstat(filepath.Join(root, "dockerfile")); err == nil {
				p = filepath.Join(root, "dockerfile")
			}
		}
	case base != "" && !filepath.IsAbs(flag):
		p = filepath.Join(base, flag)
	default:
		if p, err = filepath.Abs(flag); err != nil {
			return "", "", prepareError{err}
		}
	}
	resolved, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", "", prepareError{fmt.Errorf("unable to evaluate symlinks in Dockerfile path: %w", err)}
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", "", prepareError{err}
	}
	r, err := filepath.Rel(realRoot, resolved)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", resolved, nil
	}
	return filepath.ToSlash(r), "", nil
}

// checkDir is docker's look through the context before it sends anything: every
// directory it walks must be readable ("can't stat"), every regular file it sends
// must open ("no permission to read from"). A directory is read before its
// exclusion is considered, so an unreadable excluded directory fails too; the
// inside of an excluded directory is not looked at unless there are exceptions.
func checkDir(root string, t *dirTar) error {
	err := filepath.Walk(root, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			switch {
			case errors.Is(err, fs.ErrPermission):
				return fmt.Errorf("can't stat '%s'", p)
			case errors.Is(err, fs.ErrNotExist):
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		skip, err := excluded(t.pm, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		if skip {
			if info.IsDir() && !t.pm.Exclusions() {
				return filepath.SkipDir
			}
			return nil
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return fmt.Errorf("no permission to read from '%s'", p)
			}
			return err
		}
		return f.Close()
	})
	if err != nil {
		return checkError{err}
	}
	return nil
}
