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
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; removes it on failure
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return openErr(err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return openErr(os.Link(tmp.Name(), path))
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
