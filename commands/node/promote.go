package node

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newPromoteCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:               "promote NODE [NODE...]",
		Short:             "Promote one or more nodes to manager in the swarm",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.NodeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			return setRole(cmd.Context(), cli, args, swarm.NodeRoleManager)
		},
	}
}

func newDemoteCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:               "demote NODE [NODE...]",
		Short:             "Demote one or more nodes from manager in the swarm",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.NodeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			return setRole(cmd.Context(), cli, args, swarm.NodeRoleWorker)
		},
	}
}

// setRole promotes or demotes each node in turn, stopping at the first failure. A node
// in the role already is named by its ID, the others as given, in docker's words.
func setRole(ctx context.Context, cli commands.Cli, names []string, role swarm.NodeRole) error {
	return updateNodes(ctx, cli, names, func(n *swarm.Node) error {
		if n.Spec.Role == role {
			return errNoChange{fmt.Sprintf("Node %s is already a %s.", n.ID, role)}
		}
		n.Spec.Role = role
		return nil
	}, func(n *swarm.Node, name string) {
		if role == swarm.NodeRoleManager {
			fmt.Fprintf(cli.Out(), "Node %s promoted to a manager in the swarm.\n", name)
		} else {
			fmt.Fprintf(cli.Out(), "Manager %s demoted in the swarm.\n", name)
		}
	})
}
