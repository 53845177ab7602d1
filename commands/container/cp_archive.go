package container

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// cpRebase renames the first component of a tar entry name from `from` to `to`
// ("d/a" with d → x is "x/a"); entries outside `from` keep their name. A `from` of
// "/" (the container's root) puts every entry under `to`.
func cpRebase(name, from, to string) string {
	name = strings.TrimLeft(name, "/")
	dirSuffix := strings.HasSuffix(name, "/")
	name = strings.TrimRight(name, "/")
	var out string
	switch {
	case from == "" || from == "/":
		out = path.Join(to, name)
	case name == from:
		out = to
	case strings.HasPrefix(name, from+"/"):
		out = path.Join(to, name[len(from)+1:])
	default:
		out = name
	}
	if dirSuffix && out != "" {
		out += "/"
	}
	return out
}

// cpWriteTar writes a tar stream of the local path src (file, link or directory tree)
// to w with the top entry named top ("." for a directory's contents). Files are
// streamed one at a time; hard links within the tree are kept as links.
// Files that cannot go into a tar (sockets) or cannot be opened are reported to skip
// and left out, as docker does.
func cpWriteTar(w io.Writer, src, top string, followLink bool, skip func(path string, err error)) error {
	tw := tar.NewWriter(w)
	root := src
	if followLink {
		resolved, err := filepath.EvalSymlinks(src)
		if err != nil {
			return err
		}
		root = resolved
	}
	type inode struct{ dev, ino uint64 }
	seen := map[inode]string{}
	add := func(p, name string, fi fs.FileInfo) error {
		link := ""
		if fi.Mode()&os.ModeSymlink != 0 {
			var err error
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			skip(p, err)
			return nil
		}
		hdr.Name = name
		if fi.IsDir() && !strings.HasSuffix(name, "/") {
			hdr.Name += "/"
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && fi.Mode().IsRegular() && st.Nlink > 1 {
			key := inode{uint64(st.Dev), uint64(st.Ino)}
			if first, ok := seen[key]; ok {
				hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeLink, first, 0
				return tw.WriteHeader(hdr)
			}
			seen[key] = name
		}
		var f *os.File
		if fi.Mode().IsRegular() {
			if f, err = os.Open(p); err != nil {
				skip(p, err)
				return nil
			}
			defer f.Close()
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if f == nil {
			return nil
		}
		_, err = io.Copy(tw, f)
		return err
	}
	fi, err := os.Lstat(root)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		if err := add(root, top, fi); err != nil {
			return err
		}
		return tw.Close()
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		name := top
		if rel != "." {
			name = path.Join(top, filepath.ToSlash(rel))
			if top == "." {
				name = "./" + name
			}
		} else if top == "." {
			name = "./"
		}
		return add(p, name, fi)
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

// cpExtract unpacks the tar stream r into dir, renaming its top entry from `from` to
// `to`, as docker does on the local side of a copy: modes and times are kept, owners
// are not; a directory never replaces a non-directory nor the reverse (docker's error
// names the extraction directory, not the entry); no entry may land outside dir.
func cpExtract(r io.Reader, dir, from, to string) error {
	tr := tar.NewReader(r)
	type dirTime struct {
		path  string
		mtime time.Time
	}
	var dirs []dirTime
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch hdr.Typeflag {
		case tar.TypeXGlobalHeader, tar.TypeXHeader:
			continue
		}
		target, err := cpEntryPath(root, cpRebase(hdr.Name, from, to))
		if err != nil {
			return err
		}
		if target == root {
			continue // the destination directory itself keeps its mode and times
		}
		mode := hdr.FileInfo().Mode()
		existing, statErr := os.Lstat(target)
		exists := statErr == nil
		switch hdr.Typeflag {
		case tar.TypeDir:
			if exists && !existing.IsDir() {
				return fmt.Errorf("cannot overwrite non-directory %q with directory %q", target, root)
			}
			if !exists {
				if err := os.Mkdir(target, 0o700); err != nil {
					return err
				}
			}
			if err := os.Chmod(target, mode.Perm()|cpSpecialBits(mode)); err != nil {
				return err
			}
			dirs = append(dirs, dirTime{target, hdr.ModTime})
			continue
		}
		if exists && existing.IsDir() {
			return fmt.Errorf("cannot overwrite directory %q with non-directory %q", target, root)
		}
		if exists {
			if err := os.Remove(target); err != nil {
				return err
			}
		}
		switch hdr.Typeflag {
		case tar.TypeReg, tar.TypeRegA, tar.TypeGNUSparse:
			f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			if _, err := io.Copy(f, tr); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.Symlink(hdr.Linkname, target); err != nil {
				return err
			}
			continue // no mode or times on the link itself
		case tar.TypeLink:
			old, err := cpEntryPath(root, cpRebase(hdr.Linkname, from, to))
			if err != nil {
				return err
			}
			if err := os.Link(old, target); err != nil {
				return err
			}
			continue
		case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
			m := uint32(mode.Perm())
			switch hdr.Typeflag {
			case tar.TypeChar:
				m |= syscall.S_IFCHR
			case tar.TypeBlock:
				m |= syscall.S_IFBLK
			default:
				m |= syscall.S_IFIFO
			}
			dev := (hdr.Devminor & 0xff) | (hdr.Devmajor << 8) | ((hdr.Devminor &^ 0xff) << 12)
			if err := syscall.Mknod(target, m, int(dev)); err != nil {
				return &os.PathError{Op: "mknod", Path: target, Err: err}
			}
		default:
			continue // unknown kinds are skipped, as docker does
		}
		if err := os.Chmod(target, mode.Perm()|cpSpecialBits(mode)); err != nil {
			return err
		}
		if err := os.Chtimes(target, hdr.AccessTime, hdr.ModTime); err != nil {
			return err
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		_ = os.Chtimes(dirs[i].path, dirs[i].mtime, dirs[i].mtime)
	}
	return nil
}

// cpSpecialBits keeps setuid, setgid and sticky.
func cpSpecialBits(m fs.FileMode) fs.FileMode {
	return m & (fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
}

var errCpBreakout = errors.New("archive entry escapes the destination directory")

// cpEntryPath places a (rebased) entry name under root, refusing names that climb out
// of it and entries whose parent directory is a symlink leading outside.
func cpEntryPath(root, name string) (string, error) {
	rel := path.Clean("/" + strings.TrimRight(name, "/"))
	if rel == "/" {
		return root, nil
	}
	target := filepath.Join(root, filepath.FromSlash(rel))
	parent := filepath.Dir(target)
	if parent != root {
		resolved, err := filepath.EvalSymlinks(parent)
		if err != nil {
			return "", err
		}
		if resolved != root && !strings.HasPrefix(resolved, strings.TrimRight(root, "/")+"/") {
			return "", fmt.Errorf("%w: %s", errCpBreakout, name)
		}
	}
	return target, nil
}
