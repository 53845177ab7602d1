// Package config holds the `docker config` commands.
package config

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker config` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Manage Swarm configs",
		// Configs came with API 1.25; docker lists them with the swarm commands and
		// refuses every subcommand on an older engine (commands.APINeed).
		Annotations: map[string]string{"version": "1.30", "swarm": "manager"},
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
			newRemoveCommand(cli),
		}
	})
	return cmd
}
