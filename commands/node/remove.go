package node

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:               "rm [OPTIONS] NODE [NODE...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more nodes from the swarm",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.NodeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemove(cmd.Context(), cli, args, force)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&force, "force", "f", false, "Force remove a node from the swarm")
	})
	return cmd
}

// runRemove removes each node as named (docker does not resolve "self" here), printing
// the name once it is gone; the failures come together at the end.
func runRemove(ctx context.Context, cli commands.Cli, names []string, force bool) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var errs []error
	for _, n := range names {
		if err := c.NodeRemove(ctx, n, force); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintln(cli.Out(), n)
	}
	return errors.Join(errs...)
}
