// Package network holds the `docker network` commands.
package network

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker network` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "network",
		Short: "Manage networks",
		// Engine API 1.21 brought networks and volumes: older, docker refuses every
		// subcommand in its own name (commands.APINeed).
		Annotations: map[string]string{"version": "1.21"},
		Args:        commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newConnectCommand(cli),
			newCreateCommand(cli),
			newDisconnectCommand(cli),
			newInspectCommand(cli),
			newListCommand(cli),
			newPruneCommand(cli),
			newRemoveCommand(cli),
		}
	})
	return cmd
}
