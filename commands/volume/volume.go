// Package volume holds the `docker volume` commands.
package volume

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker volume` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "volume COMMAND", // docker's use line, shown by "docker volume frob"
		Short: "Manage volumes",
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
			newCreateCommand(cli),
			newInspectCommand(cli),
			newListCommand(cli),
			newPruneCommand(cli),
			newRemoveCommand(cli),
			newUpdateCommand(cli),
		}
	})
	return cmd
}
