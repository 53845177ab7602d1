package image

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker images / docker image ls.
type listOptions struct {
	matchName string
	all       bool
	digests   bool
	filter    *commands.FilterOpt
	format    string
	noTrunc   bool
	quiet     bool
	tree      bool
}

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:     "ls [OPTIONS] [REPOSITORY[:TAG]]",
		Aliases: []string{"list"},
		Short:   "List images",
		Args:    commands.RequiresMaxArgs(1),
		Annotations: map[string]string{
			"aliases": "docker image ls, docker image list, docker images",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.matchName = args[0]
			}
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Show all images (default hides intermediate images)")
		flags.BoolVar(&opts.digests, "digests", false, "Show digests")
		flags.VarP(opts.filter, "filter", "f", "Filter output based on conditions provided")
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Don't truncate output")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only show image IDs")
		flags.BoolVar(&opts.tree, "tree", false, "List multi-platform images as a tree (EXPERIMENTAL)")
		commands.RequiresAPI(flags, "tree", "1.47")
	})
	return cmd
}

func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	filters := opts.filter.Value()
	if opts.matchName != "" {
		filters.Add("reference", opts.matchName)
	}
	if opts.tree {
		return runTree(ctx, cli, opts, filters)
	}
	format := commands.ListFormat(opts.format, cli.ConfigFile().ImagesFormat, opts.quiet)
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// docker pings first: an engine it cannot reach fails here, in the ping's words
	if err := c.NegotiateReachable(ctx); err != nil {
		return err
	}
	images, err := c.ImageList(ctx, client.ImageListOptions{All: opts.all, Filters: filters})
	if err != nil {
		return err
	}
	return imageWrite(formatter.Context{
		Output: cli.Out(),
		Format: imageFormat(format, opts.quiet, opts.digests),
		Trunc:  !opts.noTrunc,
	}, images, opts.digests)
}

// runTree is --tree, which needs API 1.47 (image manifests). Like docker, it does not
// combine with the flags that shape the classic table.
func runTree(ctx context.Context, cli commands.Cli, opts *listOptions, filters client.Filters) error {
	switch {
	case opts.quiet:
		return errors.New("--quiet is not yet supported with --tree")
	case opts.noTrunc:
		return errors.New("--no-trunc is not yet supported with --tree")
	case opts.digests:
		return errors.New("--show-digest is not yet supported with --tree")
	case opts.format != "":
		return errors.New("--format is not yet supported with --tree")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.NegotiateReachable(ctx); err != nil {
		return err
	}
	images, err := c.ImageList(ctx, client.ImageListOptions{All: opts.all, Filters: filters, Manifests: true})
	if err != nil {
		return err
	}
	_, width := cli.Out().GetTtySize()
	return imageTreeWrite(cli.Out(), images, imageTreeOptions{
		All:      opts.all,
		Terminal: cli.Out().IsTerminal(),
		Width:    int(width),
	})
}
