// Package builder holds docker builder: prune (build comes with docker build).
package builder

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the docker builder management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "builder",
		Short:       "Manage builds",
		Args:        commands.NoArgs,
		Annotations: map[string]string{"version": "1.31"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newPruneCommand(cli))
	return cmd
}
