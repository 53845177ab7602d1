package image

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/imagepull"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/imageref"
)

// pullOptions are the flags of docker pull / docker image pull.
type pullOptions struct {
	remote    string
	all       bool
	platform  string
	quiet     bool
	untrusted bool
}

func newPullCommand(cli commands.Cli) *cobra.Command {
	opts := &pullOptions{}
	cmd := &cobra.Command{
		Use:               "pull [OPTIONS] NAME[:TAG|@DIGEST]",
		Short:             "Download an image from a registry",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.None,
		Annotations: map[string]string{
			"aliases": "docker image pull, docker pull",
			// a pull can take long: the first SIGINT/SIGTERM cancels it (exit 130/143)
			commands.AnnotationWaits: "true",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.remote = args[0]
			return runPull(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all-tags", "a", false, "Pull every tagged image of the repository")
		flags.BoolVar(&opts.untrusted, "disable-content-trust", !commands.ContentTrustEnv(), "Do not verify the image's signature")
		flags.StringVar(&opts.platform, "platform", os.Getenv("DOCKER_DEFAULT_PLATFORM"),
			"Platform to pull when the registry holds several (os[/arch[/variant]])")
		commands.RequiresAPI(flags, "platform", "1.32")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print only the image reference")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// errTagWithAll is docker's answer to -a with a tag or a digest.
var errTagWithAll = errors.New("tag can't be used with --all-tags/-a")

// runPull pulls as docker 28 does: every error exits 1; the progress goes to stdout,
// then the canonical reference ("docker.io/library/bb:latest", the repository alone
// with -a), which is all -q prints.
func runPull(ctx context.Context, cli commands.Cli, opts *pullOptions) error {
	r, err := imageref.Parse(opts.remote)
	if err != nil {
		return err
	}
	if opts.all && (r.Tag != "" || r.Digest != "") {
		return errTagWithAll
	}
	if err := commands.CheckContentTrust(opts.untrusted); err != nil {
		return err
	}
	printed := r.Name()
	if !opts.all {
		if r.Tag == "" && r.Digest == "" && !opts.quiet {
			fmt.Fprintln(cli.Out(), "Using default tag: latest")
		}
		printed = r.WithDefaultTag().String()
	}
	err = imagepull.Pull(ctx, cli, opts.remote, imagepull.Options{
		Platform: opts.platform,
		Quiet:    opts.quiet,
		AllTags:  opts.all,
		Out:      cli.Out(),
		Status:   1,
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(cli.Out(), printed)
	return err
}
