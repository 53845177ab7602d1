package plugin

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker plugin inspect.
type inspectOptions struct {
	format string
	names  []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect [OPTIONS] PLUGIN [PLUGIN...]",
		Short: "Display detailed information on one or more plugins",
		Args:  commands.RequiresMinArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
	})
	return cmd
}

// runInspect prints the daemon's bytes; templates see docker's plugin type first, then
// the raw JSON (so {{.ID}} and {{.Id}} both work, as with docker).
func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return formatter.Inspect(cli.Out(), opts.names, opts.format, func(name string) (any, []byte, error) {
		p, raw, err := c.PluginInspect(ctx, name)
		if err != nil {
			return nil, nil, err
		}
		return p, raw, nil
	})
}
