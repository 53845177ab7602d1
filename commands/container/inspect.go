package container

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker container inspect.
type inspectOptions struct {
	format string
	size   bool
	refs   []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] CONTAINER [CONTAINER...]",
		Short:             "Display detailed information on one or more containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.All),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.refs = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.size, "size", "s", false, "Display total file sizes")
	})
	return cmd
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return formatter.Inspect(cli.Out(), opts.refs, opts.format, func(ref string) (any, []byte, error) {
		_, raw, err := c.ContainerInspect(ctx, ref, opts.size)
		if err != nil {
			return nil, nil, err
		}
		// Templates see docker 28's types, not the API module's newer ones.
		v, err := InspectValue(raw)
		if err != nil {
			return nil, nil, err
		}
		return v, raw, nil
	})
}
