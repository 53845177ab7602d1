package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// removeOptions are the flags and arguments of docker plugin rm.
type removeOptions struct {
	force bool
	names []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	opts := &removeOptions{}
	cmd := &cobra.Command{
		Use:     "rm [OPTIONS] PLUGIN [PLUGIN...]",
		Aliases: []string{"remove"},
		Short:   "Remove one or more plugins",
		Args:    commands.RequiresMinArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runRemove(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.force, "force", "f", false, "Remove the plugin even when it is enabled")
	})
	return cmd
}

// runRemove removes one plugin after the other, printing each name removed; the
// failures come together at the end (exit 1), as docker 28 reports them.
func runRemove(ctx context.Context, cli commands.Cli, opts *removeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range opts.names {
		if err := c.PluginRemove(ctx, name, opts.force); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintln(cli.Out(), name)
	}
	return errors.Join(errs...)
}
