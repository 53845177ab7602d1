package image

import (
	"context"
	"errors"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// historyOptions are the flags of docker history / docker image history.
type historyOptions struct {
	image    string
	format   string
	human    bool
	noTrunc  bool
	platform string
	quiet    bool
}

func newHistoryCommand(cli commands.Cli) *cobra.Command {
	opts := &historyOptions{}
	cmd := &cobra.Command{
		Use:               "history [OPTIONS] IMAGE",
		Short:             "Show the history of an image",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.First(completion.ImageNames(cli)),
		Annotations: map[string]string{
			"aliases": "docker image history, docker history",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.image = args[0]
			return runHistory(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.human, "human", "H", true, "Print sizes and dates in human readable format")
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Don't truncate output")
		flags.StringVar(&opts.platform, "platform", "",
			`Show the history of this platform of the image, as "os[/arch[/variant]]" (e.g., "linux/amd64")`)
		commands.RequiresAPI(flags, "platform", "1.48")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only show image IDs")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

func runHistory(ctx context.Context, cli commands.Cli, opts *historyOptions) error {
	var platform *ocispec.Platform
	if opts.platform != "" {
		p, err := flagopts.ParsePlatform(opts.platform)
		if err != nil {
			return errors.New("invalid platform: " + err.Error())
		}
		platform = &p
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	history, err := c.ImageHistoryPlatform(ctx, opts.image, platform)
	if err != nil {
		return err
	}
	return historyWrite(formatter.Context{
		Output: cli.Out(),
		Format: historyFormat(opts.format, opts.quiet, opts.human),
		Trunc:  !opts.noTrunc,
	}, opts.human, history)
}
