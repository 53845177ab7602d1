package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// runVerbs are create, run, update.
func runVerbs() verbs {
	return verbs{shared: []func(commands.Cli) *cobra.Command{newCreateCommand, newUpdateCommand}}
}
