package swarm

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newLeaveCommand(cli commands.Cli) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:               "leave [OPTIONS]",
		Short:             "Leave the swarm",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLeave(cmd.Context(), cli, force)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&force, "force", "f", false, "Force this node to leave the swarm, ignoring warnings")
	})
	return cmd
}

// runLeave leaves; the engine refuses a manager (or a locked node) without force, in
// words docker prints as they come.
func runLeave(ctx context.Context, cli commands.Cli, force bool) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.SwarmLeave(ctx, force); err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), "Node left the swarm.")
	return nil
}
