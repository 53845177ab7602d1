// Package service holds the `docker service` commands.
package service

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker service` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "service",
		Short:       "Manage Swarm services",
		Annotations: map[string]string{"version": "1.24", "swarm": "manager"},
		Args:        commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(
		newCreateCommand(cli),
		newUpdateCommand(cli),
		newRollbackCommand(cli),
		newScaleCommand(cli),
	)
	return cmd
}
