package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// copyVerbs are cp.
func copyVerbs() verbs {
	return verbs{shared: []func(commands.Cli) *cobra.Command{newCpCommand}}
}
