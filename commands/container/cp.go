package container

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// cpOptions are the flags and arguments of docker cp.
type cpOptions struct {
	followLink  bool
	copyUIDGID  bool
	quiet       bool
	source      string
	destination string
}

func newCpCommand(cli commands.Cli) *cobra.Command {
	opts := &cpOptions{}
	cmd := &cobra.Command{
		Use:   "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
		Short: "Copy files/folders between a container and the local filesystem",
		Long: "Copy files/folders between a container and the local filesystem\n\n" +
			"With '-' as SRC_PATH, a tar archive read from stdin is unpacked\n" +
			"into a directory of the container. With '-' as DEST_PATH, the\n" +
			"container's files are written to stdout as a tar archive.",
		Args:        commands.ExactArgs(2),
		Annotations: map[string]string{"aliases": "docker container cp, docker cp"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.source, opts.destination = args[0], args[1]
			return runCp(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.followLink, "follow-link", "L", false, "Follow a symbolic link given as SRC_PATH")
		flags.BoolVarP(&opts.copyUIDGID, "archive", "a", false, "Archive mode (keep the files' uid/gid)")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print no progress during the copy (also the case when no terminal is attached)")
	})
	return cmd
}

// cpSplitArg splits "CONTAINER:PATH"; a local path (absolute, or starting with "."
// like ./a:b, or without ":") has container "".
func cpSplitArg(arg string) (container, p string) {
	if filepath.IsAbs(arg) {
		return "", arg
	}
	c, p, ok := strings.Cut(arg, ":")
	if !ok || strings.HasPrefix(c, ".") {
		return "", arg
	}
	return c, p
}

func runCp(ctx context.Context, cli commands.Cli, opts *cpOptions) error {
	if opts.source == "" {
		return errors.New("source can not be empty")
	}
	if opts.destination == "" {
		return errors.New("destination can not be empty")
	}
	srcContainer, srcPath := cpSplitArg(opts.source)
	dstContainer, dstPath := cpSplitArg(opts.destination)
	switch {
	case srcContainer != "" && dstContainer != "":
		return errors.New("copying between containers is not supported")
	case srcContainer == "" && dstContainer == "":
		return errors.New("must specify at least one container source")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	progress := !opts.quiet && cli.Out().IsTerminal()
	if srcContainer != "" {
		return cpFromContainer(ctx, cli, c, opts, srcContainer, srcPath, dstPath, progress)
	}
	return cpToContainer(ctx, cli, c, opts, srcPath, dstContainer, dstPath, progress)
}

// cpCopied prints docker's closing line.
// cpEnded is what the tar writer meets when the engine stopped reading: the engine's
// error is then the one to report.
var cpEnded = errors.New("copy ended")

func cpCopied(cli commands.Cli, n int64, to string) {
	fmt.Fprintf(cli.Err(), "Successfully copied %s to %s\n", formatter.HumanSizeWithPrecision(float64(n), 3), to)
}

// cpHasTrailingSep reports whether p ends with a path separator (asserting a directory).
func cpHasTrailingSep(p string) bool { return strings.HasSuffix(p, "/") }

// cpAssertsContents reports whether p ends with "/." (copy a directory's contents).
func cpAssertsContents(p string) bool { return p == "." || strings.HasSuffix(p, "/.") }

func cpFromContainer(ctx context.Context, cli commands.Cli, c *client.Client, opts *cpOptions, ctr, srcPath, dstPath string, progress bool) error {
	var absDst string
	if dstPath != "-" {
		var err error
		if absDst, err = cpValidateOutputDir(dstPath); err != nil {
			return err
		}
	}
	rebaseTo := ""
	if opts.followLink {
		// a link given as the source is copied as what it points to, under its own name.
		if st, err := c.ContainerStatPath(ctx, ctr, srcPath); err == nil && st.Mode&os.ModeSymlink != 0 {
			target := st.LinkTarget
			if !path.IsAbs(target) {
				target = path.Join(path.Dir(srcPath), target)
			}
			rebaseTo = path.Base(srcPath)
			srcPath = target
		}
	}
	content, st, err := c.CopyFromContainer(ctx, ctr, srcPath)
	if err != nil {
		return err
	}
	defer content.Close()
	if dstPath == "-" {
		_, err := io.Copy(cli.Out(), content)
		return err
	}
	if err := cpCheckOutputFile(absDst); err != nil {
		return err
	}
	srcBase := st.Name
	if rebaseTo == "" {
		rebaseTo = srcBase
	}
	plan, err := cpPlan(st.Mode.IsDir(), cpAssertsContents(srcPath), absDst, cpHasTrailingSep(dstPath), cpLocalStat)
	if err != nil {
		return err
	}
	if plan.rename != "" {
		rebaseTo = plan.rename
	}
	if plan.contents {
		rebaseTo = "."
	}
	counter := &cpCountingReader{r: content}
	if err := cpExtract(counter, plan.dir, srcBase, rebaseTo); err != nil {
		return err
	}
	if progress {
		cpCopied(cli, counter.n, absDst)
	}
	return nil
}

// cpValidateOutputDir checks that the local destination's parent directory exists
// and returns the absolute destination (keeping a trailing separator).
func cpValidateOutputDir(dst string) (string, error) {
	abs, err := filepath.Abs(dst)
	if err != nil {
		return "", err
	}
	if cpHasTrailingSep(dst) && !cpHasTrailingSep(abs) {
		abs += "/"
	}
	dir := filepath.Dir(strings.TrimSuffix(abs, "/"))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("invalid output path: directory %q does not exist", dir)
	}
	return abs, nil
}

// cpCheckOutputFile refuses devices and other irregular files as the destination.
func cpCheckOutputFile(abs string) error {
	fi, err := os.Stat(abs)
	if err != nil {
		return nil
	}
	m := fi.Mode()
	var why string
	switch {
	case m&os.ModeDevice != 0:
		why = "got a device"
	case m&os.ModeIrregular != 0:
		why = "got an irregular file"
	default:
		return nil
	}
	return fmt.Errorf("invalid output path: %q must be a directory or a regular file: %s", abs, why)
}

// cpDest is what a stat of the destination found.
type cpDest struct {
	exists, isDir bool
	path          string // the destination with symlinks resolved
	err           error  // the stat failed other than by not finding it: docker reports it
}

// cpLocalStat stats a local destination, following symlinks. The path is stat'ed as
// given, so "file/" fails with ENOTDIR as docker reports it.
func cpLocalStat(p string) cpDest {
	clean := filepath.Clean(p)
	fi, err := os.Stat(p)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return cpDest{path: clean, err: err}
		}
		if !cpHasTrailingSep(p) {
			// a dangling link is followed: docker creates what it points to
			if end := cpFollowDangling(clean); end != clean {
				if _, err := os.Stat(filepath.Dir(end)); err != nil {
					return cpDest{path: end, err: err}
				}
				clean = end
			}
		}
		return cpDest{path: clean}
	}
	if resolved, err := filepath.EvalSymlinks(clean); err == nil {
		clean = resolved
	}
	return cpDest{exists: true, isDir: fi.IsDir(), path: clean}
}

// cpFollowDangling follows the chain of symbolic links at p (whose end does not
// exist) and returns where it ends; p itself when it is no link.
func cpFollowDangling(p string) string {
	for range 255 {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p
		}
		target, err := os.Readlink(p)
		if err != nil {
			return p
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean(target)
	}
	return p
}

// cpPlanResult says where to extract a copied archive and how to name its top entry.
type cpPlanResult struct {
	dir      string // directory the archive is extracted into
	rename   string // new name of the top entry; "" keeps it
	contents bool   // the source directory's contents go into dir itself
}

// cpPlan applies docker cp's path rules. srcIsDir/srcContents describe the source
// ("/." copies a directory's contents); dst is the destination path, dstAssertsDir
// whether it ended with "/"; stat tells whether the destination exists.
func cpPlan(srcIsDir, srcContents bool, dst string, dstAssertsDir bool, stat func(string) cpDest) (cpPlanResult, error) {
	d := stat(dst)
	if d.err != nil {
		return cpPlanResult{}, d.err
	}
	switch {
	case d.exists && d.isDir:
		return cpPlanResult{dir: d.path, contents: srcIsDir && srcContents}, nil
	case d.exists:
		if srcIsDir {
			return cpPlanResult{}, errors.New("cannot copy directory")
		}
		return cpPlanResult{dir: cpDir(d.path), rename: cpBase(d.path)}, nil
	}
	if dstAssertsDir && !srcIsDir {
		return cpPlanResult{}, errors.New("no such directory")
	}
	return cpPlanResult{dir: cpDir(d.path), rename: cpBase(d.path)}, nil
}

// cpDir and cpBase split a slash path whose trailing separators do not count.
func cpDir(p string) string {
	p = strings.TrimRight(p, "/")
	if p == "" {
		return "/"
	}
	return path.Dir(p)
}

func cpBase(p string) string { return path.Base(strings.TrimRight(p, "/")) }

func cpToContainer(ctx context.Context, cli commands.Cli, c *client.Client, opts *cpOptions, srcPath, ctr, dstPath string, progress bool) error {
	// a relative path is sent as is: the daemon takes it from the container's root.
	remote := func(p string) cpDest {
		st, err := c.ContainerStatPath(ctx, ctr, p)
		if err != nil {
			return cpDest{path: p}
		}
		if st.Mode&os.ModeSymlink != 0 {
			target := st.LinkTarget
			if !path.IsAbs(target) {
				target = path.Join(cpDir(p), target)
			}
			st2, err := c.ContainerStatPath(ctx, ctr, target)
			if err != nil {
				return cpDest{path: target}
			}
			return cpDest{exists: true, isDir: st2.Mode.IsDir(), path: target}
		}
		return cpDest{exists: true, isDir: st.Mode.IsDir(), path: p}
	}
	copyOpts := client.CopyToContainerOptions{CopyUIDGID: opts.copyUIDGID}
	if srcPath == "-" {
		d := remote(dstPath)
		if !d.exists || !d.isDir {
			return fmt.Errorf("destination \"%s:%s\" must be a directory", ctr, dstPath)
		}
		if err := c.CopyToContainer(ctx, ctr, d.path, cli.In(), copyOpts); err != nil {
			return err
		}
		if progress {
			cpCopied(cli, 0, opts.destination)
		}
		return nil
	}

	abs, err := filepath.Abs(srcPath)
	if err != nil {
		return err
	}
	lookup := os.Lstat
	if opts.followLink {
		lookup = os.Stat
		// docker resolves the links first: a dangling one names its target
		if _, err := filepath.EvalSymlinks(abs); err != nil {
			return err
		}
	}
	fi, err := lookup(abs)
	if err != nil {
		return err
	}
	if cpHasTrailingSep(srcPath) && !fi.IsDir() {
		return errors.New("not a directory")
	}
	srcBase := filepath.Base(abs)
	plan, err := cpPlan(fi.IsDir(), cpAssertsContents(srcPath), dstPath, cpHasTrailingSep(dstPath), remote)
	if err != nil {
		return err
	}
	top := srcBase
	if plan.rename != "" {
		top = plan.rename
	}
	if plan.contents {
		top = "."
	}
	pr, pw := io.Pipe()
	tarDone := make(chan error, 1)
	go func() {
		err := cpWriteTar(pw, abs, top, opts.followLink, func(p string, err error) {
			// docker logs these and goes on
			fmt.Fprintf(cli.Err(), "time=%q level=error msg=%q\n", time.Now().UTC().Format(time.RFC3339),
				fmt.Sprintf("Can't add file %s to tar: %v", p, err))
		})
		pw.CloseWithError(err)
		tarDone <- err
	}()
	counter := &cpCountingReader{r: pr}
	err = c.CopyToContainer(ctx, ctr, plan.dir, counter, copyOpts)
	pr.CloseWithError(cpEnded)
	if tarErr := <-tarDone; tarErr != nil && err != nil && !errors.Is(tarErr, cpEnded) {
		return tarErr // reading the local files failed: that is the cause
	}
	if err != nil {
		return err
	}
	if progress {
		cpCopied(cli, counter.n, opts.destination)
	}
	return nil
}

// cpCountingReader counts the bytes read through it.
type cpCountingReader struct {
	r io.Reader
	n int64
}

func (c *cpCountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
