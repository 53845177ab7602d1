package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// lifecycleVerbs are stop, restart, kill, rm, pause, unpause, rename, wait, logs, commit, export; container prune.
func lifecycleVerbs() verbs {
	return verbs{
		shared: []func(commands.Cli) *cobra.Command{
			newStopCommand, newRestartCommand, newKillCommand, newRmCommand,
			newPauseCommand, newUnpauseCommand, newRenameCommand, newWaitCommand,
			newLogsCommand, newCommitCommand, newExportCommand,
		},
		containerOnly: []func(commands.Cli) *cobra.Command{newPruneCommand},
	}
}
