package image

import (
	"context"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags of docker image inspect.
type inspectOptions struct {
	refs     []string
	format   string
	platform string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] IMAGE [IMAGE...]",
		Short:             "Display detailed information on one or more images",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ImageNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.refs = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.StringVar(&opts.platform, "platform", "",
			"Inspect this platform of a multi-platform image.\n"+
				"An image or daemon that is not multi-platform capable fails unless the platform matches.\n"+
				"'os[/arch[/variant]]': the platform (e.g. linux/amd64)")
		commands.RequiresAPI(flags, "platform", "1.49")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	var platform *ocispec.Platform
	if opts.platform != "" {
		p, err := flagopts.ParsePlatform(opts.platform)
		if err != nil {
			return err
		}
		platform = &p
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return formatter.Inspect(cli.Out(), opts.refs, opts.format, func(ref string) (any, []byte, error) {
		_, raw, err := c.ImageInspectPlatform(ctx, ref, platform)
		if err != nil {
			return nil, nil, err
		}
		// Templates see docker 28's shape of the image, not the API module's.
		v, err := InspectValue(raw)
		if err != nil {
			return nil, nil, err
		}
		return v, raw, nil
	})
}
