// Package swarm holds the `docker swarm` commands: a swarm's life (init, join, leave),
// its settings (update, ca), join tokens and the autolock key.
package swarm

import (
	"context"
	"fmt"
	"io"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker swarm` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "swarm",
		Short: "Manage Swarm",
		// Swarm mode came with Engine API 1.24; "swarm" lists it under the root help's
		// "Swarm Commands", as docker.
		Annotations: map[string]string{"version": "1.24", "swarm": "engine"},
		Args:        commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newCACommand(cli),
			newInitCommand(cli),
			newJoinCommand(cli),
			newJoinTokenCommand(cli),
			newLeaveCommand(cli),
			newUnlockCommand(cli),
			newUnlockKeyCommand(cli),
			newUpdateCommand(cli),
		}
	})
	return cmd
}

// printJoinCommand prints how to join the swarm with the tokens asked for, as docker:
// the manager's address is the one of the node the client talks to.
func printJoinCommand(ctx context.Context, c *client.Client, out io.Writer, nodeID string, tokens swarm.JoinTokens, worker, manager bool) error {
	node, _, err := c.NodeInspect(ctx, nodeID)
	if err != nil {
		return err
	}
	addr := ""
	if node.ManagerStatus != nil {
		addr = node.ManagerStatus.Addr
	}
	if worker {
		fmt.Fprintf(out, "To add a worker to this swarm, run the following command:\n\n    docker swarm join --token %s %s\n\n", tokens.Worker, addr)
	}
	if manager {
		fmt.Fprintf(out, "To add a manager to this swarm, run the following command:\n\n    docker swarm join --token %s %s\n\n", tokens.Manager, addr)
	}
	return nil
}

// printUnlockKey prints the autolock key with docker's advice around it.
func printUnlockKey(out io.Writer, key string) {
	fmt.Fprintf(out, "To unlock a swarm manager after it restarts, run the `docker swarm unlock`\n"+
		"command and provide the following key:\n\n    %s\n\n"+
		"Remember to store this key in a password manager, since without it you\n"+
		"will not be able to restart the manager.\n", key)
}
