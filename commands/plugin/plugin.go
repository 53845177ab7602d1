// Package plugin holds the `docker plugin` commands: the engine's managed plugins.
package plugin

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker plugin` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plugin", // docker's use line, shown by "docker plugin frob"
		Short: "Manage plugins",
		Args:  commands.NoArgs,
		// managed plugins came with API 1.25: docker hides and refuses them below
		Annotations: map[string]string{"version": "1.25"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		subs := []*cobra.Command{
			newCreateCommand(cli),
			newDisableCommand(cli),
			newEnableCommand(cli),
			newInspectCommand(cli),
			newInstallCommand(cli),
			newListCommand(cli),
			newPushCommand(cli),
			newRemoveCommand(cli),
			newSetCommand(cli),
			newUpgradeCommand(cli),
		}
		// each verb is refused in its own name ("docker plugin ls requires API version 1.25")
		for _, sub := range subs {
			if sub.Annotations == nil {
				sub.Annotations = map[string]string{}
			}
			sub.Annotations["version"] = cmd.Annotations["version"]
		}
		return subs
	})
	return cmd
}
