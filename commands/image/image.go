// Package image holds the `docker image` commands and their top-level shortcuts
// (`docker images`, `docker history`, `docker pull`...).
package image

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/imagebuild"
)

// NewCommand returns `docker image`, the management command for images.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "image",
		Short: "Manage images",
		Args:  commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			imagebuild.NewBuildCommand(cli),
			newHistoryCommand(cli),
			newInspectCommand(cli),
			newListCommand(cli),
			newPullCommand(cli),
			newPushCommand(cli),
			newTagCommand(cli),
			newRemoveCommand(cli),
			newPruneCommand(cli),
			newSaveCommand(cli),
			newLoadCommand(cli),
			newImportCommand(cli),
		}
	})
	return cmd
}

// Shortcuts returns the top-level forms: `docker images`, `docker history`, `docker
// pull`, `push`, `tag`, `rmi`, `save`, `load` and `import`.
func Shortcuts(cli commands.Cli) []*cobra.Command {
	images := newListCommand(cli)
	images.Use = "images [OPTIONS] [REPOSITORY[:TAG]]"
	images.Aliases = nil
	history := newHistoryCommand(cli)
	rmi := newRemoveCommand(cli)
	rmi.Use, rmi.Aliases = "rmi [OPTIONS] IMAGE [IMAGE...]", nil
	return []*cobra.Command{images, history,
		newPullCommand(cli),
		newPushCommand(cli),
		newTagCommand(cli),
		rmi,
		newSaveCommand(cli),
		newLoadCommand(cli),
		newImportCommand(cli),
	}
}
