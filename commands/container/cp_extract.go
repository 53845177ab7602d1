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

// cpExtract unpacks the tar stream r into dir, renaming its top entry from `from` to
// `to`, as docker does on the local side of a copy: modes and times are kept, owners
// are not; missing parents are made; a directory never replaces a non-directory nor the
// reverse (docker's error names the extraction directory, not the entry).
//
// The stream is outside input. The destination is dir/to (dir itself when to is ".")
// and nothing outside it is ever created, replaced, linked to, changed or written
// through. Docker 28 refuses only names and links that leave dir and follows the
// stream's own symlinks wherever they lead; skiff gives docker's message where docker
// refuses and the same "is outside of" shape where it goes further. Every change goes
// through an os.Root, which refuses escapes by construction; the checks before it are
// there to name the entry as docker does. A file is written under a temporary name and
// renamed into place, so a refused or broken stream never leaves a half-written file;
// the entries before a refusal stay, as docker leaves them.
func cpExtract(r io.Reader, dir, from, to string) error {
	x, err := newCpExtractor(dir, from, to)
	if err != nil {
		return err
	}
	defer x.close()
	tr := tar.NewReader(r)
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
		if err := x.entry(hdr, tr); err != nil {
			return err
		}
	}
	// directories last: their entries' creation changed their times
	for i := len(x.dirs) - 1; i >= 0; i-- {
		d := x.dirs[i]
		_ = d.root.Chtimes(d.rel, d.mtime, d.mtime)
	}
	return nil
}

// cpExtractor holds the state of one extraction.
type cpExtractor struct {
	dir      string              // the extraction directory, links resolved: docker's messages name it
	from, to string              // the top entry's name in the stream and in dir ("." for dir itself)
	dest     string              // dir/to
	top      *os.Root            // dir: only the top entry is made here
	root     *os.Root            // dest: every other entry; opened once the top directory exists
	parents  map[string]*os.Root // directories of root lately written in, by name
	dirs     []cpDirTime
}

type cpDirTime struct {
	root  *os.Root
	rel   string
	mtime time.Time
}

func newCpExtractor(dir, from, to string) (*cpExtractor, error) {
	resolved, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	// the top's name comes from the engine's stat header: one plain name or nothing
	to = strings.Trim(to, "/")
	if to == "" {
		to = "."
	}
	if to == ".." || strings.Contains(to, "/") {
		return nil, fmt.Errorf("%q is outside of %q", to, resolved)
	}
	top, err := os.OpenRoot(resolved)
	if err != nil {
		return nil, err
	}
	x := &cpExtractor{dir: resolved, from: from, to: to, dest: filepath.Join(resolved, to), top: top}
	if to == "." {
		x.root = top
	}
	return x, nil
}

func (x *cpExtractor) close() {
	x.forget("")
	if x.root != nil && x.root != x.top {
		x.root.Close()
	}
	x.top.Close()
}

// outside is the refusal of an entry that would leave the destination.
func (x *cpExtractor) outside(name string) error {
	return fmt.Errorf("%q is outside of %q", name, x.dest)
}

// place finds where a cleaned entry name goes: the top entry in dir, every other in
// the destination, which is made when the stream did not start with it.
func (x *cpExtractor) place(name string) (*os.Root, string, error) {
	if x.to == "." {
		return x.root, name, nil
	}
	if name == x.to {
		return x.top, name, nil
	}
	rel, ok := strings.CutPrefix(name, x.to+"/")
	if !ok {
		return nil, "", x.outside(name)
	}
	if x.root != nil {
		return x.root, rel, nil
	}
	fi, err := x.top.Lstat(x.to)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := x.top.Mkdir(x.to, 0o755); err != nil {
			return nil, "", x.pathErr("mkdir", x.dest, err)
		}
	case err != nil:
		return nil, "", x.pathErr("lstat", x.dest, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, "", x.outside(name) // the stream's top is a link: what it holds is elsewhere
	case !fi.IsDir():
		return nil, "", &os.PathError{Op: "mkdir", Path: x.dest, Err: syscall.ENOTDIR}
	}
	root, err := x.top.OpenRoot(x.to)
	if err != nil {
		return nil, "", x.pathErr("open", x.dest, err)
	}
	x.root = root
	return root, rel, nil
}

// within reports whether the clean absolute path p is dir or under it.
func cpWithin(dir, p string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}

// cpClimbs reports whether a clean relative name leaves its base.
func cpClimbs(name string) bool { return name == ".." || strings.HasPrefix(name, "../") }

func (x *cpExtractor) entry(hdr *tar.Header, body io.Reader) error {
	name := path.Clean(cpRebase(hdr.Name, x.from, x.to))
	if name == "." {
		return nil // the extraction directory itself keeps its mode and times
	}
	if cpClimbs(name) {
		return fmt.Errorf("%q is outside of %q", name, x.dir) // docker's own refusal
	}
	full := filepath.Join(x.dir, name)
	if cpNameTooLong(full) {
		return &os.PathError{Op: cpOp(hdr.Typeflag), Path: full, Err: syscall.ENAMETOOLONG}
	}
	root, rel, err := x.place(name)
	if err != nil {
		return err
	}
	// the entry is made by its plain name in its parent, opened inside root
	dir, err := x.parent(root, path.Dir(rel), name, full)
	if err != nil {
		return err
	}
	base := path.Base(rel)
	mode := hdr.FileInfo().Mode()
	perm := mode.Perm() | cpSpecialBits(mode)
	existing, statErr := dir.Lstat(base)
	exists := statErr == nil
	if hdr.Typeflag == tar.TypeDir {
		if exists && !existing.IsDir() {
			return fmt.Errorf("cannot overwrite non-directory %q with directory %q", full, x.dir)
		}
		if !exists {
			if err := dir.Mkdir(base, 0o700); err != nil {
				return x.pathErr("mkdir", full, err)
			}
		}
		if err := dir.Chmod(base, perm); err != nil {
			return x.pathErr("chmod", full, err)
		}
		x.dirs = append(x.dirs, cpDirTime{root, rel, hdr.ModTime})
		return nil
	}
	if exists && existing.IsDir() {
		return fmt.Errorf("cannot overwrite directory %q with non-directory %q", full, x.dir)
	}
	if exists && root == x.root {
		x.forget(rel) // a link replaced: directories opened through it are no longer its
	}
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeRegA, tar.TypeGNUSparse:
		if err := x.writeFile(dir, base, full, body); err != nil {
			return err
		}
	case tar.TypeSymlink:
		// docker's check: a relative link may not point above dir. Links are made as
		// they come (a container's tree is full of absolute ones); what keeps them
		// harmless is that no later entry is written through one that leads out.
		if !filepath.IsAbs(hdr.Linkname) && !cpWithin(x.dir, filepath.Join(filepath.Dir(full), hdr.Linkname)) {
			return fmt.Errorf("invalid symlink %q -> %q", full, hdr.Linkname)
		}
		if err := x.remove(dir, base, full, exists); err != nil {
			return err
		}
		if err := dir.Symlink(hdr.Linkname, base); err != nil {
			return x.pathErr("symlink", full, err)
		}
		return nil // no mode or times on the link itself
	case tar.TypeLink:
		return x.link(root, rel, full, hdr.Linkname, exists) // the target keeps its mode and times
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		if err := x.remove(dir, base, full, exists); err != nil {
			return err
		}
		if err := cpMknod(dir, base, hdr); err != nil {
			return err
		}
	default:
		return nil // unknown kinds are skipped, as docker does
	}
	if err := dir.Chmod(base, perm); err != nil {
		return x.pathErr("chmod", full, err)
	}
	if err := dir.Chtimes(base, hdr.AccessTime, hdr.ModTime); err != nil {
		return x.pathErr("chtimes", full, err)
	}
	return nil
}

// parent opens the directory rel of root, making what is missing, unless the links on
// its way lead out of root. The last few stay open: a tar lists a directory's entries
// together, and a walk from root for every call on every entry costs a system call per
// component (a copy of 2,500 files made 118,000 of them).
func (x *cpExtractor) parent(root *os.Root, rel, name, full string) (*os.Root, error) {
	if rel == "." {
		return root, nil
	}
	if r, ok := x.parents[rel]; ok && root == x.root {
		return r, nil
	}
	if cpLinkEscapes(root, rel) {
		return nil, x.outside(name)
	}
	if err := root.MkdirAll(rel, 0o755); err != nil {
		return nil, x.pathErr("mkdir", filepath.Dir(full), err)
	}
	r, err := root.OpenRoot(rel)
	if err != nil {
		return nil, x.pathErr("open", filepath.Dir(full), err)
	}
	if len(x.parents) >= 32 {
		x.forget("")
	}
	if x.parents == nil {
		x.parents = map[string]*os.Root{}
	}
	x.parents[rel] = r
	return r, nil
}

// forget closes the open directories at rel and under it ("" for all).
func (x *cpExtractor) forget(rel string) {
	for k, r := range x.parents {
		if rel == "" || k == rel || strings.HasPrefix(k, rel+"/") {
			r.Close()
			delete(x.parents, k)
		}
	}
}

// link makes rel a hard link to the entry the stream names linkname, which must be
// in the destination (docker refuses only a target above dir, with this wording).
func (x *cpExtractor) link(root *os.Root, rel, full, linkname string, exists bool) error {
	target := path.Clean(cpRebase(linkname, x.from, x.to))
	invalid := fmt.Errorf("invalid hardlink %q -> %q", filepath.Join(x.dir, target), linkname)
	if target == "." || cpClimbs(target) {
		return invalid
	}
	troot, trel, err := x.place(target)
	if err != nil || troot != root || cpLinkEscapes(root, path.Dir(trel)) {
		return invalid
	}
	if err := x.remove(root, rel, full, exists); err != nil {
		return err
	}
	if err := root.Link(trel, rel); err != nil {
		return x.pathErr("link", full, err)
	}
	return nil
}

// remove takes away what an entry replaces (never a directory: checked before).
func (x *cpExtractor) remove(dir *os.Root, base, full string, exists bool) error {
	if !exists {
		return nil
	}
	if err := dir.Remove(base); err != nil {
		return x.pathErr("remove", full, err)
	}
	return nil
}

// writeFile writes body to a fresh file beside base and renames it into place:
// whatever stops the copy midway leaves the old file or none, never half of the new one.
func (x *cpExtractor) writeFile(dir *os.Root, base, full string, body io.Reader) error {
	var f *os.File
	var tmp string
	var err error
	for i := 0; ; i++ {
		tmp = fmt.Sprintf(".skiff-cp-%d-%d", os.Getpid(), i)
		f, err = dir.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			break
		}
	}
	if err != nil {
		return x.pathErr("open", full, err)
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = x.pathErr("write", full, cerr)
	}
	if err == nil {
		if rerr := dir.Rename(tmp, base); rerr != nil {
			err = x.pathErr("open", full, rerr)
		}
	}
	if err != nil {
		_ = dir.Remove(tmp)
	}
	return err
}

// cpMknod makes a device or fifo named base in dir. As root, as docker does, device
// nodes are made (a copy of a container's /dev keeps them); as a user the kernel
// refuses and the bare error is docker's message.
func cpMknod(dir *os.Root, base string, hdr *tar.Header) error {
	d, err := dir.Open(".")
	if err != nil {
		return err
	}
	defer d.Close()
	m := uint32(hdr.Mode & 0o777)
	switch hdr.Typeflag {
	case tar.TypeChar:
		m |= syscall.S_IFCHR
	case tar.TypeBlock:
		m |= syscall.S_IFBLK
	default:
		m |= syscall.S_IFIFO
	}
	dev := (hdr.Devminor & 0xff) | (hdr.Devmajor << 8) | ((hdr.Devminor &^ 0xff) << 12)
	return syscall.Mknodat(int(d.Fd()), base, m, int(dev))
}

// cpLinkEscapes reports whether the directory rel, the links on its way followed as the
// kernel would, leads out of root (an absolute link always does: it is not relative to
// root). A chain of more than 40 links counts as leading out.
func cpLinkEscapes(root *os.Root, rel string) bool {
	todo := strings.Split(rel, "/")
	var done []string
	hops := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return true
			}
			done = done[:len(done)-1]
			continue
		}
		p := path.Join(append(done, c)...)
		fi, err := root.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, c) // missing ones are made as directories
			continue
		}
		link, err := root.Readlink(p)
		if hops++; err != nil || hops > 40 || path.IsAbs(link) {
			return true
		}
		todo = append(strings.Split(link, "/"), todo...)
	}
	return false
}

// cpNameTooLong is the kernel's limit, checked first so that no parent is made for an
// entry that cannot be, and so that the message names the entry as docker does.
func cpNameTooLong(full string) bool {
	if len(full) >= 4096 {
		return true
	}
	for c := range strings.SplitSeq(full, "/") {
		if len(c) > 255 {
			return true
		}
	}
	return false
}

// cpOp is the system call docker names when an entry of this kind cannot be made.
func cpOp(typ byte) string {
	switch typ {
	case tar.TypeDir:
		return "mkdir"
	case tar.TypeSymlink:
		return "symlink"
	case tar.TypeLink:
		return "link"
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return "mknod"
	}
	return "open"
}

// pathErr names the full path in an error of an os.Root call (which names the path
// relative to the root and the *at call); an escape the Root caught is a refusal.
func (x *cpExtractor) pathErr(op, full string, err error) error {
	var inner error
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		inner = pe.Err
	case errors.As(err, &le):
		inner = le.Err
	default:
		return err
	}
	if inner != nil && inner.Error() == "path escapes from parent" {
		rel, _ := filepath.Rel(x.dir, full)
		return x.outside(filepath.ToSlash(rel))
	}
	return &os.PathError{Op: op, Path: full, Err: inner}
}
