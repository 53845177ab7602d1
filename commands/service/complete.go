package service

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// completeSpecFlags gives create's and update's flags their completions as docker 28's:
// a few fixed sets, networks, environment names, images for update's --image, files for
// create's --env-file, and nothing (not even files) for every other flag: unlike run's,
// docker offers no capabilities, log drivers or signals here. Call it once every flag is
// bound; a flag the command lacks is passed over.
func completeSpecFlags(cli commands.Cli, cmd *cobra.Command) {
	orders := completion.Fixed("start-first", "stop-first")
	commands.CompleteFlag(cmd, "mode", completion.Fixed("replicated", "global", "replicated-job", "global-job"))
	commands.CompleteFlag(cmd, "restart-condition", completion.Fixed("none", "on-failure", "any"))
	commands.CompleteFlag(cmd, "rollback-failure-action", completion.Fixed("pause", "continue"))
	commands.CompleteFlag(cmd, "update-failure-action", completion.Fixed("pause", "continue", "rollback"))
	commands.CompleteFlags(cmd, orders, "rollback-order", "update-order")
	commands.CompleteFlags(cmd, completion.NetworkNames(cli), "network", "network-add")
	commands.CompleteFlags(cmd, completion.EnvNames, "env", "env-add")
	commands.CompleteFlag(cmd, "env-file", completion.Files)
	commands.CompleteFlag(cmd, "image", completion.ImageNames(cli))
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		commands.CompleteFlag(cmd, f.Name, completion.None) // refused where one is set
	})
}
