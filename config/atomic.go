package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// writeFileAtomic writes data to path through a temporary file in the same directory,
// renamed over path, so that a reader sees the old file or the new one and never half
// of either, and a failure leaves no temporary file behind. perm is the file's mode
// (0600 for anything that may hold secrets: credentials, TLS keys). The directory is
// made, 0700, when missing. path itself is replaced, a symbolic link included: callers
// that write through a link resolve it first.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := writeTemp(dir, filepath.Base(path)+".tmp*", data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // gone after the rename; removes it on failure
	return os.Rename(tmp, path)
}

// writeTemp writes data, synced, to a new temporary file in dir named after pattern
// (os.CreateTemp's) with mode perm, and returns its name; on failure it leaves none.
func writeTemp(dir, pattern string, data []byte, perm fs.FileMode) (string, error) {
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	err = tmp.Chmod(perm)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

// WriteNewFile writes data to path, which must not exist, as a whole: through a
// temporary file in the same directory, linked to path (which fails if path appeared
// meanwhile) and then removed. Errors name path as opening it would ("open PATH: file
// exists", "open PATH: no such file or directory").
func WriteNewFile(path string, data []byte, perm fs.FileMode) error {
	openErr := func(err error) error {
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(err, &le):
			return &fs.PathError{Op: "open", Path: path, Err: le.Err}
		case errors.As(err, &pe):
			return &fs.PathError{Op: "open", Path: path, Err: pe.Err}
		}
		return err
	}
	if err := CheckNewFile(path); err != nil {
		return err
	}
	tmp, err := writeTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*", data, perm)
	if err != nil {
		return openErr(err)
	}
	defer os.Remove(tmp)
	return openErr(os.Link(tmp, path))
}

// CheckNewFile fails as creating path exclusively would: "open PATH: file exists" when
// it exists, the folder's error when that is missing or not a folder.
func CheckNewFile(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return &fs.PathError{Op: "open", Path: path, Err: syscall.EEXIST}
	}
	fi, err := os.Stat(filepath.Dir(path))
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return &fs.PathError{Op: "open", Path: path, Err: pe.Err}
	case err != nil:
		return err
	case !fi.IsDir():
		return &fs.PathError{Op: "open", Path: path, Err: syscall.ENOTDIR}
	}
	return nil
}
