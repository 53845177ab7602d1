package plugin

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// disableOptions are the flags and argument of docker plugin disable.
type disableOptions struct {
	force bool
	name  string
}

func newDisableCommand(cli commands.Cli) *cobra.Command {
	opts := &disableOptions{}
	cmd := &cobra.Command{
		Use:   "disable [OPTIONS] PLUGIN",
		Short: "Disable a plugin",
		Args:  commands.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runDisable(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.force, "force", "f", false, "Disable the plugin even while something uses it")
	})
	return cmd
}

func runDisable(ctx context.Context, cli commands.Cli, opts *disableOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.PluginDisable(ctx, opts.name, opts.force); err != nil {
		return err
	}
	_, err = fmt.Fprintln(cli.Out(), opts.name)
	return err
}
