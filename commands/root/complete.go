package root

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// completeBind readies a completion request (`docker __complete ARGS`): the flags of the
// command being completed are bound, with their completions, and no other command's;
// the global flags get theirs.
func completeBind(root *cobra.Command, cli commands.Cli, args []string) {
	if target, _, err := root.Find(args); err == nil && target != nil {
		commands.BindFlags(target)
	} else {
		commands.BindAll(root)
	}
	commands.CompleteFlag(root, "context", commands.ContextNames(cli, false))
	commands.CompleteFlag(root, "log-level", completion.LogLevels())
}
