package imagebuild

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// removeIIDFile removes an --iidfile left by an earlier build before this one starts
// (the context not even looked at yet), as docker does, so that a failed build leaves
// none; an empty directory goes too.
func removeIIDFile(path string) error {
	if path == "" {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("Removing image ID file: %w", err) //nolint:staticcheck // docker's words
	}
	return nil
}

// writeIIDFile writes id to path whole or not at all: a temporary file beside it
// (mode 0666 less the umask, as docker creates it) renamed onto it. An error is worded
// as docker's own write of path would be.
func writeIIDFile(path, id string) error {
	dir, base := filepath.Split(path)
	var f *os.File
	var err error
	for i := 0; i < 100; i++ {
		name := filepath.Join(dir, ".tmp-"+base+strconv.FormatInt(time.Now().UnixNano()+int64(i), 36))
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	_, err = f.WriteString(id)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
