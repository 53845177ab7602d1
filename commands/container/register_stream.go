package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// streamVerbs are attach, start, exec and run.
func streamVerbs() verbs {
	return verbs{shared: []func(commands.Cli) *cobra.Command{newAttachCommand, newStartCommand, newExecCommand, newRunCommand}}
}
