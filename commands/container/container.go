// Package container holds the `docker container` commands and their top-level
// shortcuts (`docker ps`).
package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker container` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "container",
		Short: "Manage containers",
		Args:  commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(
		newInspectCommand(cli),
		newListCommand(cli),
	)
	return cmd
}

// Shortcuts returns the top-level forms of container commands: `docker ps`.
func Shortcuts(cli commands.Cli) []*cobra.Command {
	ps := newListCommand(cli)
	ps.Use = "ps [OPTIONS]"
	ps.Aliases = nil
	return []*cobra.Command{ps}
}
