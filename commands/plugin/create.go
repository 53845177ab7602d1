package plugin

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/moby/moby/api/types/plugin"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/imageref"
)

// createOptions are the flags and arguments of docker plugin create.
type createOptions struct {
	compress bool
	name     string
	dir      string
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	opts := &createOptions{}
	cmd := &cobra.Command{
		Use:   "create [OPTIONS] PLUGIN PLUGIN-DATA-DIR",
		Short: "Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.",
		// docker takes at least two and ignores the rest
		Args:              commands.RequiresMinArgs(2),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.dir = args[0], args[1]
			return runCreate(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.compress, "compress", false, "Send the directory gzipped")
	})
	return cmd
}

// runCreate checks what docker 28 checks before it sends anything — the name is a
// reference without a digest, the directory exists and is one, config.json parses —
// then streams the directory to the engine as a tar and prints the name.
func runCreate(ctx context.Context, cli commands.Cli, opts *createOptions) error {
	r, err := imageref.Parse(opts.name)
	if err != nil {
		return err
	}
	if r.Digest != "" {
		return imageref.ErrFormat
	}
	abs, err := filepath.Abs(opts.dir)
	if err != nil {
		return err
	}
	fi, err := os.Lstat(abs)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New("context must be a directory")
	}
	if err := checkConfig(filepath.Join(opts.dir, "config.json")); err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeDirTar(ctx, pw, abs, opts.compress))
	}()
	err = c.PluginCreate(ctx, opts.name, pr)
	pr.CloseWithError(errors.New("request ended")) // stops the writer if the engine answered early
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(cli.Out(), opts.name)
	return err
}

// checkConfig reads config.json as docker does before sending: it must exist and be
// a JSON plugin configuration; its errors are Go's own words.
func checkConfig(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var cfg plugin.Config
	return json.NewDecoder(f).Decode(&cfg)
}

// writeDirTar writes root as a tar (gzipped with compress): names relative to root,
// owners and modes as on disk, hard links once, sockets left out.
func writeDirTar(ctx context.Context, w io.Writer, root string, compress bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var zw *gzip.Writer
	out := io.Writer(bw)
	if compress {
		zw = gzip.NewWriter(bw)
		out = zw
	}
	tw := tar.NewWriter(out)
	links := map[[2]uint64]string{}
	buf := make([]byte, 32<<10)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSocket != 0 {
			return nil
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if info.IsDir() {
			hdr.Name += "/"
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && info.Mode().IsRegular() && st.Nlink > 1 {
			key := [2]uint64{uint64(st.Dev), st.Ino} //nolint:unconvert // Dev's type differs by platform
			if first, seen := links[key]; seen {
				hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeLink, first, 0
				return tw.WriteHeader(hdr)
			}
			links[key] = hdr.Name
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if !info.Mode().IsRegular() || hdr.Size == 0 {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.CopyBuffer(tw, struct{ io.Reader }{f}, buf)
		return err
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
