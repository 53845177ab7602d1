package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// observeVerbs are stats, top, port, diff.
func observeVerbs() verbs {
	return verbs{
		shared: []func(commands.Cli) *cobra.Command{newStatsCommand, newTopCommand, newPortCommand, newDiffCommand},
	}
}
