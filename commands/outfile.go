package commands

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// OutputFile is a file that -o writes whole or not at all (export, save): the data go
// to a temporary file beside the target, renamed onto it once all of it is written.
// An error leaves the target as it was and no temporary file behind.
type OutputFile struct {
	path string
	tmp  *os.File
}

// CreateOutputFile checks, before the engine is asked, that path can be written (a
// regular file or nothing: never a link, directory or device — renaming onto /dev/null
// would replace it — in a directory that exists), and creates the temporary file
// ".tmp-<name><random>" in path's directory, as docker names it. Errors are in docker's
// words; callers add their prefix ("failed to save image: ").
func CreateOutputFile(path string) (*OutputFile, error) {
	if err := validateOutputPath(path); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path))
	if err != nil {
		return nil, err
	}
	return &OutputFile{path: path, tmp: f}, nil
}

// Finish copies r into the temporary file and renames it onto the target, mode 0600
// as docker writes it. On error the caller still calls Discard.
func (o *OutputFile) Finish(r io.Reader) error {
	f := o.tmp
	if _, err := io.Copy(f, r); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), o.path); err != nil {
		return err
	}
	o.tmp = nil
	return nil
}

// Discard removes the temporary file unless Finish renamed it; safe to defer.
func (o *OutputFile) Discard() {
	if o == nil || o.tmp == nil {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
	o.tmp = nil
}

func validateOutputPath(path string) error {
	if fi, err := os.Lstat(path); err == nil {
		m := fi.Mode()
		switch {
		case m&fs.ModeSymlink != 0:
			return errors.New("cannot write to a symbolic link directly")
		case m.IsDir():
			return errors.New("cannot write to a directory")
		case m&fs.ModeNamedPipe != 0:
			return errors.New("cannot write to a named pipe (FIFO)")
		case m&fs.ModeSocket != 0:
			return errors.New("cannot write to a socket")
		case m&fs.ModeCharDevice != 0:
			return errors.New("cannot write to a character device file")
		case m&fs.ModeDevice != 0:
			return errors.New("cannot write to a block device file")
		case !m.IsRegular():
			return errors.New("cannot write to a non-regular file")
		}
	}
	dir := filepath.Dir(path)
	if dir != "" && dir != "." {
		fi, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("invalid output path: %w", err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("invalid output path: %w", &fs.PathError{Op: "stat", Path: dir, Err: syscall.ENOTDIR})
		}
	}
	return nil
}

// ArchiveOutput is where export and save put a tar: the -o file (an OutputFile) or, without
// -o, stdout, which must not be a terminal.
type ArchiveOutput struct {
	out    io.Writer
	file   *OutputFile
	failed string
}

// OpenArchiveOutput checks the output before the engine is asked, as docker does: path ""
// is stdout (refused on a terminal), else an OutputFile; failed prefixes the file's errors
// ("failed to save image").
func OpenArchiveOutput(cli Cli, path, failed string) (*ArchiveOutput, error) {
	if path == "" {
		if cli.Out().IsTerminal() {
			return nil, errors.New("cowardly refusing to save to a terminal. Use the -o flag or redirect")
		}
		return &ArchiveOutput{out: cli.Out()}, nil
	}
	f, err := CreateOutputFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", failed, err)
	}
	return &ArchiveOutput{file: f, failed: failed}, nil
}

// Copy streams r to the output; the file is in place once all of it is written.
func (o *ArchiveOutput) Copy(r io.Reader) error {
	if o.file == nil {
		_, err := io.Copy(o.out, r)
		return err
	}
	if err := o.file.Finish(r); err != nil {
		return fmt.Errorf("%s: %w", o.failed, err)
	}
	return nil
}

// Discard removes what an unfinished -o file left; safe to defer.
func (o *ArchiveOutput) Discard() { o.file.Discard() }
