package imagebuild

import (
	"archive/tar"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/moby/patternmatcher"
)

// addedFile is a file docker adds to the tar that is not in the directory: a
// Dockerfile from stdin or from outside the context, under a random name.
type addedFile struct {
	name    string
	content []byte
}

// dirTar writes a directory as docker 28's classic build sends it:
//   - entries in lexical walk order, directories named "dir/", the root left out;
//   - uid/gid 0, no user or group names, the mtime cut to the second, no atime or
//     ctime, permission bits plus setuid/setgid/sticky; Go's tar header format
//     choice (USTAR, PAX for names USTAR cannot hold);
//   - a regular file met again through another hard link is a link entry to the
//     first name; fifos and devices as such; sockets left out with a logged error;
//   - what .dockerignore excludes left out (a directory is still walked when an
//     exception may bring back something under it, but its own entry is not sent).
//
// With added set, docker rewrites the archive it made: .dockerignore gets the added
// name appended ("\n" + name + "\n"), or is added (".dockerignore\n" + name + "\n",
// mode 0600) when there is none, and the added file comes last (mode 0600, mtime
// now). That stream ends with the last file's bytes: no padding to 512, no
// end-of-archive blocks (the engine reads it all the same). Copied here so that the
// size docker reports ("Sending build context ...") is the same.
type dirTar struct {
	root  string
	pm    *patternmatcher.PatternMatcher
	added *addedFile
	// ignore is .dockerignore's content when it exists (used when added is set).
	ignore      []byte
	ignoreFound bool
	warn        io.Writer
	now         func() time.Time
}

func (t *dirTar) writeTo(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	tw := tar.NewWriter(bw)
	links := map[inodeKey]string{}
	buf := make([]byte, 32<<10)
	err := filepath.WalkDir(t.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(t.root, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		name := filepath.ToSlash(rel)
		if skip, err := excluded(t.pm, name); err != nil {
			return err
		} else if skip {
			if d.IsDir() && !mayReinclude(t.pm, name) {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone since the check: docker sends what it finds
			}
			return err
		}
		hdr, err := fileHeader(p, name, info)
		if err != nil {
			t.warnf("Can't add file %s to tar: %v", p, err)
			return nil
		}
		if hdr.Typeflag == tar.TypeReg {
			if key, ok := hardlinkKey(info); ok {
				if first, seen := links[key]; seen {
					hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeLink, first, 0
					return tw.WriteHeader(hdr)
				}
				links[key] = name
			}
			if name == ".dockerignore" && t.added != nil {
				content := append(append(append([]byte(nil), t.ignore...), '\n'), t.added.name+"\n"...)
				return writeFile(tw, hdr, content)
			}
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Size == 0 {
			return nil
		}
		return copyFile(tw, p, buf)
	})
	if err != nil {
		return err
	}
	if t.added == nil {
		if err := tw.Close(); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := t.writeAdded(tw); err != nil {
		return err
	}
	// No tw.Close(): docker's rewritten stream has no padding or end blocks.
	return bw.Flush()
}

// writeAdded appends the added Dockerfile and, when the directory has none, the
// .dockerignore naming it.
func (t *dirTar) writeAdded(tw *tar.Writer) error {
	return appendAdded(tw, t.added, !t.ignoreFound, t.now)
}

func appendAdded(tw *tar.Writer, added *addedFile, newIgnore bool, now func() time.Time) error {
	mtime := now().Truncate(time.Second)
	if err := writeFile(tw, &tar.Header{Typeflag: tar.TypeReg, Name: added.name, Mode: 0o600, ModTime: mtime}, added.content); err != nil {
		return err
	}
	if !newIgnore {
		return nil
	}
	content := []byte(".dockerignore\n" + added.name + "\n")
	return writeFile(tw, &tar.Header{Typeflag: tar.TypeReg, Name: ".dockerignore", Mode: 0o600, ModTime: mtime}, content)
}

func writeFile(tw *tar.Writer, hdr *tar.Header, content []byte) error {
	hdr.Size = int64(len(content))
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err := tw.Write(content)
	return err
}

// copyFile copies through buf, one buffer for the whole tar (io.Copy would take
// *os.File's WriteTo and a new buffer per file).
func copyFile(tw *tar.Writer, p string, buf []byte) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.CopyBuffer(tw, struct{ io.Reader }{f}, buf)
	return err
}

// fileHeader is the tar header docker sends for a file of the context.
func fileHeader(p, name string, info fs.FileInfo) (*tar.Header, error) {
	mode := info.Mode()
	hdr := &tar.Header{
		Name:    name,
		Mode:    int64(mode.Perm()),
		ModTime: info.ModTime().Truncate(time.Second),
	}
	if mode&fs.ModeSetuid != 0 {
		hdr.Mode |= 0o4000
	}
	if mode&fs.ModeSetgid != 0 {
		hdr.Mode |= 0o2000
	}
	if mode&fs.ModeSticky != 0 {
		hdr.Mode |= 0o1000
	}
	switch {
	case mode.IsRegular():
		hdr.Typeflag, hdr.Size = tar.TypeReg, info.Size()
	case mode.IsDir():
		hdr.Typeflag = tar.TypeDir
		hdr.Name += "/"
	case mode&fs.ModeSymlink != 0:
		link, err := os.Readlink(p)
		if err != nil {
			return nil, err
		}
		hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, link
	case mode&fs.ModeNamedPipe != 0:
		hdr.Typeflag = tar.TypeFifo
	case mode&fs.ModeDevice != 0:
		hdr.Typeflag = tar.TypeBlock
		if mode&fs.ModeCharDevice != 0 {
			hdr.Typeflag = tar.TypeChar
		}
		hdr.Devmajor, hdr.Devminor = deviceNumbers(info)
	case mode&fs.ModeSocket != 0:
		// Go's archive/tar wording, which docker logs
		return nil, errors.New("archive/tar: sockets not supported")
	default:
		return nil, fmt.Errorf("archive/tar: unknown file mode %v", mode)
	}
	return hdr, nil
}

// warnf logs as docker's client does (logrus' text format on stderr).
func (t *dirTar) warnf(format string, args ...any) {
	if t.warn == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(t.warn, "time=%q level=error msg=%s\n", t.now().Format(time.RFC3339), strconv.Quote(msg))
}
