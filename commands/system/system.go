// Package system holds `docker system` (df, events, info, prune) and the top-level commands
// that are about the engine as a whole: version, info, events and the generic inspect.
package system

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns `docker system`.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "system",
		Short: "Manage Docker",
		Args:  commands.NoArgs,
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newDiskUsageCommand(cli),
			newEventsCommand(cli),
			newInfoCommand(cli),
			newPruneCommand(cli),
			newDialStdioCommand(cli),
		}
	})
	return cmd
}

// Shortcuts returns the top-level forms: docker version, info, events and inspect.
func Shortcuts(cli commands.Cli) []*cobra.Command {
	return []*cobra.Command{
		newVersionCommand(cli),
		newInfoCommand(cli),
		newEventsCommand(cli),
		newInspectCommand(cli),
	}
}
