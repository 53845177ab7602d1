// Package builder holds docker builder: build (docker build, from imagebuild) and prune.
package builder

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/imagebuild"
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
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		build := imagebuild.NewBuildCommand(cli)
		// docker 28 refuses `builder build` below builder's own version, in build's name
		build.Annotations["version"] = cmd.Annotations["version"]
		return []*cobra.Command{build, newPruneCommand(cli)}
	})
	return cmd
}
