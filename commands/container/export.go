package container

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// exportOptions are the flags and argument of docker export.
type exportOptions struct {
	output    string
	container string
}

func newExportCommand(cli commands.Cli) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:         "export [OPTIONS] CONTAINER",
		Short:       "Export a container's filesystem as a tar archive",
		Args:        commands.ExactArgs(1),
		Annotations: map[string]string{"aliases": "docker container export, docker export"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			return runExport(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.output, "output", "o", "", "Write the archive to this file rather than to STDOUT")
	})
	return cmd
}

// runExport streams the container's filesystem to stdout (never to a terminal) or,
// with -o, to a temporary file beside the target that is renamed onto it once the
// whole archive is written: an error leaves no partial file. As docker, the output
// is checked and the temporary file created before the engine is asked.
func runExport(ctx context.Context, cli commands.Cli, opts *exportOptions) error {
	var tmp *os.File
	if opts.output == "" {
		if cli.Out().IsTerminal() {
			return errors.New("cowardly refusing to save to a terminal. Use the -o flag or redirect")
		}
	} else {
		if err := exportValidateOutput(opts.output); err != nil {
			return fmt.Errorf("failed to export container: %w", err)
		}
		f, err := exportCreateTemp(opts.output)
		if err != nil {
			return fmt.Errorf("failed to export container: %w", err)
		}
		tmp = f
		defer func() {
			if tmp != nil {
				tmp.Close()
				os.Remove(tmp.Name())
			}
		}()
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	body, err := c.ContainerExport(ctx, opts.container)
	if err != nil {
		return err
	}
	defer body.Close()
	if tmp == nil {
		_, err = io.Copy(cli.Out(), body)
		return err
	}
	if err := exportFinish(tmp, opts.output, body); err != nil {
		return fmt.Errorf("failed to export container: %w", err)
	}
	tmp = nil
	return nil
}

// exportValidateOutput checks, before asking the engine, that path can be written:
// it is a regular file or nothing (never a link, directory or device: renaming onto
// /dev/null would replace it), and its directory exists.
func exportValidateOutput(path string) error {
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

// exportCreateTemp creates the temporary file ".tmp-<name><random>" in path's
// (absolute) directory, as docker names it.
func exportCreateTemp(path string) (*os.File, error) {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	return os.CreateTemp(dir, ".tmp-"+filepath.Base(path))
}

// exportFinish copies r into the temporary file f and renames it onto path; the
// caller removes f on error.
func exportFinish(f *os.File, path string, r io.Reader) error {
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
	return os.Rename(f.Name(), path)
}
