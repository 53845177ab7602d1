package container

import (
	"archive/tar"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
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

// cpSpecialBits keeps setuid, setgid and sticky.
func cpSpecialBits(m fs.FileMode) fs.FileMode {
	return m & (fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
}
