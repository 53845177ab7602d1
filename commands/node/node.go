// Package node holds the `docker node` commands (swarm nodes, managers only).
package node

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker node` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "node",
		Short: "Manage Swarm nodes",
		// Swarm mode came with Engine API 1.24: older, docker refuses every subcommand
		// in its own name (commands.APINeed).
		// "swarm" lists it under the root help's "Swarm Commands", as docker.
		Annotations: map[string]string{"version": "1.24", "swarm": "manager"},
		Args:        commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newDemoteCommand(cli),
			newInspectCommand(cli),
			newListCommand(cli),
			newPromoteCommand(cli),
			newPsCommand(cli),
			newRemoveCommand(cli),
			newUpdateCommand(cli),
		}
	})
	return cmd
}

// resolveSelf turns the name "self" into the ID of the node the client talks to, as
// docker accepts it wherever a node is named. Outside a swarm the engine has no node ID:
// the name is sent as is and the engine says why it cannot answer.
func resolveSelf(ctx context.Context, c *client.Client, name string) (string, error) {
	if name != "self" {
		return name, nil
	}
	info, err := c.Info(ctx)
	if err != nil {
		return "", err
	}
	if info.Swarm.NodeID == "" {
		return name, nil
	}
	return info.Swarm.NodeID, nil
}
