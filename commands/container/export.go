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
// whole archive is written: an error leaves no partial file.
func runExport(ctx context.Context, cli commands.Cli, opts *exportOptions) error {
	if opts.output == "" {
		if cli.Out().IsTerminal() {
			return errors.New("cowardly refusing to save to a terminal. Use the -o flag or redirect")
		}
	} else if err := exportValidateOutput(opts.output); err != nil {
		return fmt.Errorf("failed to export container: %w", err)
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
	if opts.output == "" {
		_, err = io.Copy(cli.Out(), body)
		return err
	}
	if err := exportWriteFile(opts.output, body); err != nil {
		return fmt.Errorf("failed to export container: %w", err)
	}
	return nil
}

// exportValidateOutput checks, before asking the engine, that path can be written:
// its directory exists and it is not itself a directory.
func exportValidateOutput(path string) error {
	dir := filepath.Dir(filepath.Clean(path))
	if dir != "" && dir != "." {
		fi, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("invalid output path: %w", err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("invalid output path: %w", &fs.PathError{Op: "stat", Path: dir, Err: syscall.ENOTDIR})
		}
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return errors.New("cannot write to a directory")
	}
	return nil
}

// exportWriteFile copies r into a temporary file in path's directory and renames it
// onto path; on any error the temporary file is removed.
func exportWriteFile(path string, r io.Reader) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".docker_temp_")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = io.Copy(f, r); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
