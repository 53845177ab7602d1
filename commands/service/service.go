// Package service holds the `docker service` commands (swarm services, managers only).
package service

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker service` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "service",
		Short: "Manage Swarm services",
		// Swarm mode came with Engine API 1.24 (commands.APINeed words the refusal);
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
			newCreateCommand(cli),
			newInspectCommand(cli),
			newListCommand(cli),
			newLogsCommand(cli),
			newPsCommand(cli),
			newRemoveCommand(cli),
			newRollbackCommand(cli),
			newScaleCommand(cli),
			newUpdateCommand(cli),
		}
	})
	return cmd
}
